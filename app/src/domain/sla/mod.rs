//! The SLA clock: working calendars, status intervals from the event log, policies and their
//! targets. Pure code, compiled for the server and the browser, so a countdown on a card and a
//! figure in a report cannot disagree.

pub mod breach;
pub mod calendar;
pub mod form;
pub mod intervals;
pub mod policy;
