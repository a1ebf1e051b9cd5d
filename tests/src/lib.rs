//! Helpers shared by the cross-component tests.

pub mod fault_proxy;
pub mod sync_support;
