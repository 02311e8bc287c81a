//! The execution deadline, as policy-server enforces it: wasmtime epoch interruption, a ticker
//! that increments the engine's epoch at a fixed interval (1 s in policy-server, missed ticks
//! skipped), and a deadline of N ticks for `wapc_init` and for each guest call alike.
//!
//! Because the epoch advances at fixed instants and not when a call starts, a call is
//! interrupted after between N-1 and N ticks, exactly as in policy-server.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use wasmtime_provider::wasmtime::Engine;

/// policy-server's default `--policy-timeout`.
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    /// Ticks allowed for `wapc_init` and for each guest call.
    pub ticks: u64,
    /// Interval between two epoch increments.
    pub tick: Duration,
}

impl Deadline {
    /// policy-server's model: one tick per second, `seconds` ticks.
    pub fn seconds(seconds: u64) -> Self {
        Deadline { ticks: seconds, tick: Duration::from_secs(1) }
    }
}

impl Default for Deadline {
    fn default() -> Self {
        Deadline::seconds(DEFAULT_TIMEOUT_SECONDS)
    }
}

/// Background thread that increments an engine's epoch every `tick`. Stops when dropped.
pub struct EpochTicker {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl EpochTicker {
    pub fn start(engine: Engine, tick: Duration) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("epoch-ticker".into())
            .spawn(move || {
                let mut next = Instant::now() + tick;
                loop {
                    let wait = next.saturating_duration_since(Instant::now());
                    match stopped.recv_timeout(wait) {
                        Err(RecvTimeoutError::Timeout) => {
                            engine.increment_epoch();
                            // Skip missed ticks instead of bursting (tokio's
                            // MissedTickBehavior::Skip in policy-server).
                            let now = Instant::now();
                            next += tick;
                            while next <= now {
                                next += tick;
                            }
                        }
                        // Stop requested or the ticker's owner is gone.
                        Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
            })
            .ok();
        EpochTicker { stop: Some(stop), thread }
    }

    /// False if the thread could not be spawned (the deadline would then never fire).
    pub fn is_running(&self) -> bool {
        self.thread.is_some()
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
