//! Types that travel between app and server as JSON. Only these are `Serialize`; internal types
//! convert to them explicitly at the boundary.

use serde::{Deserialize, Serialize};

/// Answer of `GET /api/health`: whether the server and its database work, and which release it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthReport {
    pub status: HealthStatus,
    pub version: String,
    pub database: HealthStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    Ok,
    Failing,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_report_has_a_stable_json_shape() {
        let report = HealthReport {
            status: HealthStatus::Ok,
            version: "0.1.0".into(),
            database: HealthStatus::Failing,
        };
        let json = serde_json::to_string(&report).expect("serializes");
        assert_eq!(
            json,
            r#"{"status":"ok","version":"0.1.0","database":"failing"}"#
        );
        assert_eq!(
            serde_json::from_str::<HealthReport>(&json).expect("parses"),
            report
        );
    }
}
