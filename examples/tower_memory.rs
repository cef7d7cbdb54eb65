//! Memory held by `ConditionalLayer` for clients that send a `Range` and
//! never read the body: the layer runs in-process over a 16 MiB streamed
//! body (exact size hint, 64 KiB frames of static bytes, so the inner body
//! allocates nothing), `CLIENTS` requests get their response heads, and the
//! responses are kept without polling a single frame; then two frames of
//! each body are polled (what a server writes before a client that does not
//! read fills its socket buffers). Reports the heap after each step (live
//! and peak, from a counting allocator) and the process's peak RSS
//! (`VmHWM`).
//!
//! ```text
//! cargo run --release --features tower --example tower_memory
//! cargo run --release --features tower --example tower_memory -- 'bytes=0-8388607,8388608-16777215' 32
//! ```

#[cfg(feature = "tower")]
mod run {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::convert::Infallible;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::{Context, Poll};

    use bytes::Bytes;
    use conneg::adapters::tower::ConditionalLayer;
    use http::{Request, Response};
    use http_body::{Body, Frame, SizeHint};
    use http_body_util::BodyExt;
    use tower::{Layer, ServiceExt, service_fn};

    /// Live heap bytes and their peak, over all threads.
    struct Counting;

    static LIVE: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    fn grew(n: usize) {
        let live = LIVE.fetch_add(n, Ordering::Relaxed) + n;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if !p.is_null() {
                LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
                grew(new_size);
            }
            p
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    const LENGTH: u64 = 16 * 1024 * 1024;
    static FRAME: [u8; 64 * 1024] = [b'x'; 64 * 1024];

    /// `LENGTH` bytes in 64 KiB frames; nothing allocated.
    struct Streamed {
        left: u64,
    }

    impl Body for Streamed {
        type Data = Bytes;
        type Error = Infallible;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            if self.left == 0 {
                return Poll::Ready(None);
            }
            let n = self.left.min(FRAME.len() as u64);
            self.left -= n;
            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(&FRAME[..n as usize])))))
        }
        fn size_hint(&self) -> SizeHint {
            SizeHint::with_exact(self.left)
        }
    }

    fn status_kb(field: &str) -> String {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix(field).map(|v| v.trim().to_string()))
            })
            .unwrap_or_else(|| "?".into())
    }

    fn mib(n: usize) -> String {
        format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
    }

    pub fn main() {
        let mut args = std::env::args().skip(1);
        let range = args
            .next()
            .unwrap_or_else(|| "bytes=8388608-16777215,0-8388607".into());
        let clients: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(32);

        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let service = ConditionalLayer::new().layer(service_fn(|_req: Request<()>| async {
            Ok::<_, Infallible>(
                Response::builder()
                    .header("etag", "\"v1\"")
                    .header("content-type", "application/octet-stream")
                    .body(Streamed { left: LENGTH })
                    .unwrap(),
            )
        }));
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let mut held = Vec::with_capacity(clients);
        for _ in 0..clients {
            let request = Request::get("/big").header("range", &range).body(()).unwrap();
            held.push(runtime.block_on(service.clone().oneshot(request)).unwrap());
        }
        let live = LIVE.load(Ordering::Relaxed) - before;
        let peak = PEAK.load(Ordering::Relaxed) - before;
        let first = &held[0];
        println!(
            "{clients} clients, Range: {range}, body {} streamed, bodies never polled",
            mib(LENGTH as usize)
        );
        println!(
            "response: {} {}",
            first.status(),
            first
                .headers()
                .get("content-type")
                .map_or("", |v| v.to_str().unwrap_or(""))
        );
        println!(
            "heap held by the {clients} responses: {} ({live} bytes)",
            mib(live)
        );
        println!("heap peak while answering:        {} ({peak} bytes)", mib(peak));
        println!("VmHWM (peak RSS): {}", status_kb("VmHWM:"));

        // A server writes the first bytes before a client that does not
        // read fills the socket's buffers: the first two frames of each
        // body (a multipart body's first part header, then its first bytes).
        let mut first_frames = 0;
        for response in &mut held {
            for _ in 0..2 {
                if let Some(Ok(frame)) = runtime.block_on(response.body_mut().frame()) {
                    first_frames += frame.data_ref().map_or(0, Bytes::len);
                }
            }
        }
        let live = LIVE.load(Ordering::Relaxed) - before;
        let peak = PEAK.load(Ordering::Relaxed) - before;
        println!("after two frames of each body ({first_frames} bytes in those frames, dropped):");
        println!(
            "heap held by the {clients} responses: {} ({live} bytes)",
            mib(live)
        );
        println!("heap peak so far:                 {} ({peak} bytes)", mib(peak));
        println!("VmHWM (peak RSS): {}", status_kb("VmHWM:"));
        drop(held);
    }
}

fn main() {
    #[cfg(feature = "tower")]
    run::main();
    #[cfg(not(feature = "tower"))]
    eprintln!("needs the `tower` feature: cargo run --release --features tower --example tower_memory");
}
