//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod binary;
pub mod fake_api;
pub mod http;
