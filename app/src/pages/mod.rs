//! One module per screen.

pub mod account;
pub mod admin;
pub mod board;
pub mod dashboard;
pub mod lazy;
pub mod login;
pub mod my;
pub mod not_found;
pub mod requests;
pub mod settings;
