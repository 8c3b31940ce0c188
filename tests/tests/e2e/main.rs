//! `portsip-api` against the mock PBX: every operation of the spec through the generated
//! client, each fault with the typed outcome the client promises, and the coverage check that
//! keeps it so as the spec grows.

#[macro_use]
mod support;

mod auth;
mod call_queues;
mod call_records;
mod coverage;
mod every_operation;
mod faults;
mod holidays;
mod refresh;
mod ring_groups;
mod tenant;
mod trunks;
mod users;
