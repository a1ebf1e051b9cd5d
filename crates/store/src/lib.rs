//! The terminal store (being built).
