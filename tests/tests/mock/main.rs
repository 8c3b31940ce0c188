//! The mock server on its own, driven with plain HTTP: if these pass, a client passing against
//! the mock has been held to the spec, the PBX's auth rules and the faults it can meet.

mod auth;
mod binary;
mod faults;
mod routing;
mod state;
mod support;
mod validation;
