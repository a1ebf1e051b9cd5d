//! Helpers shared by the cross-component tests.

pub mod fault_proxy;
pub mod rental_support;
pub mod sync_support;
