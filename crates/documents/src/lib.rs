//! Printed documents (being built).
