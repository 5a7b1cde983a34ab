//! Limits on guessing the codes of printed referral forms (`POST /r`).
//!
//! A client address that typed `per_client` wrong codes within `window` is
//! refused, the right code included, until the oldest of them is older than
//! the window; and whatever the address, no more than `global` codes are
//! tried within `global_window`, so that many addresses do not help. An
//! attempt is counted when it starts (so that parallel requests cannot slip
//! past the limit) and forgiven when the code turned out right.
//!
//! The counts live in this process's memory: each server process keeps its
//! own, and a restart forgets them.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

/// How many wrong codes are tolerated, from one address and from everyone.
#[derive(Debug, Clone, Copy)]
pub struct CodeLimits {
    pub per_client: usize,
    pub window: Duration,
    pub global: usize,
    pub global_window: Duration,
}

impl Default for CodeLimits {
    fn default() -> Self {
        Self {
            per_client: 5,
            window: Duration::from_secs(15 * 60),
            global: 100,
            global_window: Duration::from_secs(60),
        }
    }
}

/// Who was refused: one client address, or everyone (the global ceiling).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Client,
    Everyone,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Client => "client",
            Scope::Everyone => "everyone",
        }
    }
}

/// An attempt let through: forgive it if the code was right.
#[derive(Debug)]
pub struct Ticket {
    client: IpAddr,
    at: Instant,
}

#[derive(Debug)]
pub enum Attempt {
    Allowed(Ticket),
    Refused {
        /// When the caller may try again.
        retry_after: Duration,
        /// Set on the first refusal of a lock-out (to be audited once).
        new_lockout: Option<Scope>,
    },
}

#[derive(Default)]
struct Client {
    attempts: VecDeque<Instant>,
    /// This lock-out was already reported.
    reported: bool,
}

#[derive(Default)]
struct Counts {
    clients: HashMap<IpAddr, Client>,
    global: VecDeque<Instant>,
    global_reported: bool,
}

pub struct CodeGuard {
    limits: CodeLimits,
    counts: Mutex<Counts>,
}

impl CodeGuard {
    pub fn new(limits: CodeLimits) -> Self {
        Self { limits, counts: Mutex::new(Counts::default()) }
    }

    /// Lets an attempt from `client` through (counting it) or refuses it.
    pub fn attempt(&self, client: IpAddr, now: Instant) -> Attempt {
        let client = bucket(client);
        let limits = self.limits;
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let counts = &mut *counts;
        // Forget what is out of the windows (this also bounds the memory:
        // only addresses with attempts in the last window are kept, and the
        // global ceiling caps how many those can be).
        counts.clients.retain(|_, c| {
            drop_older(&mut c.attempts, now, limits.window);
            if c.attempts.len() < limits.per_client {
                c.reported = false;
            }
            !c.attempts.is_empty()
        });
        drop_older(&mut counts.global, now, limits.global_window);
        if counts.global.len() < limits.global {
            counts.global_reported = false;
        }
        if let Some(c) = counts.clients.get_mut(&client) {
            if c.attempts.len() >= limits.per_client {
                let new_lockout = (!std::mem::replace(&mut c.reported, true)).then_some(Scope::Client);
                return Attempt::Refused { retry_after: until_free(&c.attempts, now, limits.window), new_lockout };
            }
        }
        if counts.global.len() >= limits.global {
            let new_lockout = (!std::mem::replace(&mut counts.global_reported, true)).then_some(Scope::Everyone);
            return Attempt::Refused {
                retry_after: until_free(&counts.global, now, limits.global_window),
                new_lockout,
            };
        }
        counts.clients.entry(client).or_default().attempts.push_back(now);
        counts.global.push_back(now);
        Attempt::Allowed(Ticket { client, at: now })
    }

    /// The attempt was not a wrong code: it does not count.
    pub fn forgive(&self, ticket: Ticket) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = counts.clients.get_mut(&ticket.client) {
            remove_one(&mut c.attempts, ticket.at);
            if c.attempts.is_empty() {
                counts.clients.remove(&ticket.client);
            }
        }
        remove_one(&mut counts.global, ticket.at);
    }

    /// How many addresses are being counted (for tests).
    pub fn tracked_clients(&self) -> usize {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner).clients.len()
    }
}

/// One IPv6 user usually holds a whole /64: it counts as one address.
fn bucket(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        },
        v4 => v4,
    }
}

fn drop_older(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times.front().is_some_and(|t| now.saturating_duration_since(*t) >= window) {
        times.pop_front();
    }
}

/// How long until the oldest attempt leaves the window.
fn until_free(times: &VecDeque<Instant>, now: Instant, window: Duration) -> Duration {
    times.front().map(|t| window.saturating_sub(now.saturating_duration_since(*t))).unwrap_or_default()
}

fn remove_one(times: &mut VecDeque<Instant>, at: Instant) {
    if let Some(i) = times.iter().rposition(|t| *t == at) {
        times.remove(i);
    }
}

/// The address of the client: the peer of the connection (behind a reverse
/// proxy, the proxy's), or "unspecified" when the server was not started
/// with it (tests that call the router directly).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Ok(ClientAddr(peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> CodeLimits {
        CodeLimits {
            per_client: 5,
            window: Duration::from_secs(900),
            global: 12,
            global_window: Duration::from_secs(60),
        }
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn five_wrong_codes_lock_one_address_until_the_window_passes() {
        let guard = CodeGuard::new(limits());
        let t0 = Instant::now();
        for i in 0..5 {
            assert!(matches!(guard.attempt(ip("10.0.0.1"), t0 + Duration::from_secs(i)), Attempt::Allowed(_)));
        }
        let refusals: Vec<_> = (0..25)
            .map(|i| match guard.attempt(ip("10.0.0.1"), t0 + Duration::from_secs(10 + i)) {
                Attempt::Refused { new_lockout, retry_after } => (new_lockout, retry_after),
                Attempt::Allowed(_) => panic!("attempt {i} let through"),
            })
            .collect();
        assert_eq!(refusals[0], (Some(Scope::Client), Duration::from_secs(890)), "reported once");
        assert!(refusals[1..].iter().all(|(n, _)| n.is_none()));
        assert!(matches!(guard.attempt(ip("10.0.0.2"), t0 + Duration::from_secs(40)), Attempt::Allowed(_)));
        // The first wrong code leaves the window: one more try.
        let later = t0 + Duration::from_secs(900);
        let Attempt::Allowed(ticket) = guard.attempt(ip("10.0.0.1"), later) else { panic!("still locked") };
        guard.forgive(ticket);
        assert!(matches!(guard.attempt(ip("10.0.0.1"), later), Attempt::Allowed(_)));
        assert!(matches!(guard.attempt(ip("10.0.0.1"), later), Attempt::Refused { new_lockout: Some(_), .. }));
        // Long after, nothing is kept.
        let _ = guard.attempt(ip("10.0.0.3"), t0 + Duration::from_secs(5000));
        assert_eq!(guard.tracked_clients(), 1);
    }

    #[test]
    fn right_codes_do_not_count() {
        let guard = CodeGuard::new(limits());
        let t0 = Instant::now();
        for _ in 0..20 {
            let Attempt::Allowed(ticket) = guard.attempt(ip("10.0.0.1"), t0) else { panic!("locked") };
            guard.forgive(ticket);
        }
        assert_eq!(guard.tracked_clients(), 0);
    }

    #[test]
    fn many_addresses_meet_the_global_ceiling() {
        let guard = CodeGuard::new(limits());
        let t0 = Instant::now();
        for i in 0..12u8 {
            assert!(matches!(guard.attempt(ip(&format!("10.0.1.{i}")), t0), Attempt::Allowed(_)));
        }
        let refused = guard.attempt(ip("10.0.2.1"), t0 + Duration::from_secs(1));
        assert!(
            matches!(refused, Attempt::Refused { new_lockout: Some(Scope::Everyone), retry_after }
                if retry_after == Duration::from_secs(59)),
            "{refused:?}"
        );
        assert!(matches!(guard.attempt(ip("10.0.2.2"), t0), Attempt::Refused { new_lockout: None, .. }));
        assert!(matches!(guard.attempt(ip("10.0.2.3"), t0 + Duration::from_secs(60)), Attempt::Allowed(_)));
    }

    #[test]
    fn an_ipv6_network_is_one_client() {
        let guard = CodeGuard::new(limits());
        let t0 = Instant::now();
        for i in 0..5 {
            assert!(matches!(guard.attempt(ip(&format!("2001:db8:1:2::{i}")), t0), Attempt::Allowed(_)));
        }
        assert!(matches!(guard.attempt(ip("2001:db8:1:2:ffff::9"), t0), Attempt::Refused { .. }));
        assert!(matches!(guard.attempt(ip("2001:db8:1:3::1"), t0), Attempt::Allowed(_)));
        assert_eq!(bucket(ip("::ffff:10.0.0.1")), ip("10.0.0.1"));
    }
}
