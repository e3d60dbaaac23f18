//! `ilo-report serve`: the secretariat's desk in the browser.

use super::{CouncilArgs, InputArgs, LangArg, RenderArgs, apply_council, apply_render, input_options, lang};
use clap::Args;
use ilo_report::error::Failure;
use ilo_report::format::FormatDef;
use ilo_report::serve::{self, ServeOptions};
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub council: CouncilArgs,
    /// Output folder of the builds started from the browser.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8687)]
    pub port: u16,
    /// Address to listen on. Anything but loopback (127.0.0.1, ::1) is
    /// reachable from other machines and needs --token.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// The access token every request must carry (made at random when not
    /// given; the address printed at start holds it).
    #[arg(long)]
    pub token: Option<String>,
    /// Language of the interface (the reports' language is --lang).
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub ui_lang: LangArg,
}

/// Runs `ilo-report serve` until it is stopped.
pub fn run(format: &'static FormatDef, args: &ServeArgs) -> Result<u8, Failure> {
    let mut pipeline = input_options(&args.input)?;
    apply_render(&mut pipeline, &args.render);
    apply_council(&mut pipeline, &args.council)?;
    let options = ServeOptions {
        inbox: args.input.inbox.clone(),
        out: args.out.clone(),
        bind: args.bind,
        port: args.port,
        token: args.token.clone(),
        max_file_size: args.input.max_file_size.saturating_mul(1024 * 1024),
        lang: lang(args.ui_lang),
        pipeline,
    };
    if let Some(why) = options.refusal() {
        return Err(Failure::Usage(why));
    }
    serve::run(format, options).map_err(|e| Failure::Environment(format!("{e:#}")))?;
    Ok(0)
}
