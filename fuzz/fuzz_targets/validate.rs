//! `validate` on arbitrary bytes (the waPC payload as policy-server sends it): it must answer
//! with a well-formed `ValidationResponse`, never trap. The response contract is in
//! `sidecarset_policy_fuzz::check` (shared with `validate_structured`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sidecarset_policy_fuzz::check::validate_and_check(data, 1_767_225_600);
});
