//! Per-request observation: an operation id (in logs, headers and error
//! pages), one log line per request without personal data, and Prometheus
//! metrics.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use tracing::Instrument;

tokio::task_local! {
    static OP_ID: String;
}

pub const OP_ID_HEADER: &str = "x-operation-id";

/// The operation id of the request being handled ("-" outside a request).
pub fn current_op_id() -> String {
    OP_ID.try_with(Clone::clone).unwrap_or_else(|_| "-".to_string())
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: String,
    engine: String,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    duration: Family<RouteLabels, Histogram>,
    in_flight: Gauge,
}

impl Metrics {
    pub fn new(engine: &str) -> Self {
        let mut registry = Registry::with_prefix("satuatap");
        let requests = Family::<RequestLabels, Counter>::default();
        let duration = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        let in_flight = Gauge::default();
        let build = Family::<BuildLabels, Gauge>::default();
        build.get_or_create(&BuildLabels { version: env!("CARGO_PKG_VERSION").into(), engine: engine.into() }).set(1);
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register("http_request_duration_seconds", "Time to answer HTTP requests", duration.clone());
        registry.register("http_requests_in_flight", "HTTP requests being answered", in_flight.clone());
        registry.register("build_info", "Version and storage engine", build);
        Self { registry, requests, duration, in_flight }
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

/// Wraps every request: operation id, span, log line and metrics.
pub async fn observe(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let op_id = uuid::Uuid::now_v7().simple().to_string();
    let method = request.method().as_str().to_string();
    // The route template, never the raw path: paths and queries may carry
    // names or identity numbers.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "(unmatched)".to_string());
    let span = tracing::info_span!("request", op_id = %op_id, method = %method, route = %route);
    let started = Instant::now();
    metrics.in_flight.inc();
    let mut response = OP_ID.scope(op_id.clone(), next.run(request)).instrument(span.clone()).await;
    metrics.in_flight.dec();
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    span.in_scope(|| {
        tracing::info!(status, elapsed_ms = elapsed.as_secs_f64() * 1000.0, "answered");
    });
    metrics.requests.get_or_create(&RequestLabels { method: method.clone(), route: route.clone(), status }).inc();
    metrics.duration.get_or_create(&RouteLabels { method, route }).observe(elapsed.as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&op_id) {
        response.headers_mut().insert(OP_ID_HEADER, value);
    }
    response
}
