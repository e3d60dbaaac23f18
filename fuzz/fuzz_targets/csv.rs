#![no_main]
//! Any bytes as a CSV submission (`FR_MA_2025-H2_statistics.csv`).
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| common::read("FR_MA_2025-H2_statistics.csv", data));
