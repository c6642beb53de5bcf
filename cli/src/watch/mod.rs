//! `tally watch`: re-check on every change (to be written).

use crate::args::WatchArgs;
use crate::{Exit, Failure};

/// Runs `tally watch`.
pub fn run(_args: &WatchArgs, _color: bool) -> Result<Exit, Failure> {
    Err(Failure::message("`tally watch` is not available yet"))
}
