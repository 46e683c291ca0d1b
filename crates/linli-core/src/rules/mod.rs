//! The rules of a group-buying day as plain functions: no I/O, no clock (the caller passes
//! `now`), no randomness except through a caller-supplied RNG.

pub mod arrival;
pub mod call_off;
pub mod cutoff;
pub mod forecast;
pub mod inventory;
pub mod ledger;
pub mod neighbours;
pub mod orders;
pub mod pickup;
pub mod publish;
#[cfg(test)]
pub(crate) mod testkit;
