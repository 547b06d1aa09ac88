use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
fn main() {
    let host = cpal::default_host();
    println!("host {:?}", host.id());
    for d in host.devices().unwrap() {
        let desc = d.description().unwrap();
        println!(
            "dev id={} name={:?} dir={:?} in={} out={}",
            d.id().unwrap(),
            desc.name(),
            desc.direction(),
            d.supports_input(),
            d.supports_output()
        );
    }
    let mode = std::env::args().nth(1).unwrap_or_default();
    let name = std::env::args().nth(2).unwrap_or("default".into());
    let dev = host
        .devices()
        .unwrap()
        .find(|d| d.id().unwrap().id() == name)
        .or_else(|| if mode == "in" { host.default_input_device() } else { host.default_output_device() })
        .unwrap();
    let t0 = std::time::Instant::now();
    let count = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let c2 = count.clone();
    let stream = if mode == "in" {
        let cfg = dev.default_input_config().unwrap();
        println!("in cfg {:?}", cfg);
        dev.build_input_stream(
            {
                let mut c = cfg.config();
                if let Ok(f) = std::env::var("FIXED") {
                    c.buffer_size = cpal::BufferSize::Fixed(f.parse().unwrap());
                }
                c
            },
            move |d: &[f32], _: &_| {
                c2.fetch_add(d.len() as u64, std::sync::atomic::Ordering::Relaxed);
            },
            |e| eprintln!("err {e:?}"),
            None,
        )
        .unwrap()
    } else {
        let cfg = dev.default_output_config().unwrap();
        println!("out cfg {:?}", cfg);
        dev.build_output_stream(
            {
                let mut c = cfg.config();
                if let Ok(f) = std::env::var("FIXED") {
                    c.buffer_size = cpal::BufferSize::Fixed(f.parse().unwrap());
                }
                c
            },
            move |d: &mut [f32], _: &_| {
                c2.fetch_add(d.len() as u64, std::sync::atomic::Ordering::Relaxed);
                for s in d.iter_mut() {
                    *s = 0.25;
                }
            },
            |e| eprintln!("err {e:?}"),
            None,
        )
        .unwrap()
    };
    stream.play().unwrap();
    println!("buffer {:?}", stream.buffer_size());
    std::thread::sleep(std::time::Duration::from_secs(2));
    println!("samples {} in {:?}", count.load(std::sync::atomic::Ordering::Relaxed), t0.elapsed());
}
