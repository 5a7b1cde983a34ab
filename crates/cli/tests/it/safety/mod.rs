//! Survivor safety (`SAFETY.md`): need-to-know over HTTP, on both engines.

mod audit_log;
mod counts;
mod fixture;
mod grants;
mod known;
mod queue;
mod sweep;
