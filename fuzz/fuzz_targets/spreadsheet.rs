#![no_main]
//! Any bytes as a workbook; the first byte picks the extension.
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let ext = ["xlsx", "ods", "xls", "xlsb"][usize::from(pick) % 4];
    common::read(&format!("FR_MA_2025-H2.{ext}"), rest);
});
