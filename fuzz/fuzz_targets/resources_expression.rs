//! Kruise's resource-expression calculator, resourcesPolicy's evaluation and settings
//! validation of expressions on arbitrary `expr NUL quantity` input; the contract is
//! `sidecarset_policy_fuzz::expression::check_expression`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sidecarset_policy_fuzz::expression::check_expression;

fuzz_target!(|data: &[u8]| check_expression(data));
