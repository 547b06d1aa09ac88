//! A network lab made of real Linux network namespaces: one "laptop" namespace and any number of "gateway"
//! namespaces, each joined to the laptop by a veth pair with a fixed gateway MAC. Moving the laptop means
//! pointing its default route at another gateway. Everything is deleted on drop. Needs root (CI runs as root);
//! traffic never leaves these namespaces.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

static NEXT_LAB: AtomicU32 = AtomicU32::new(0);

/// The namespaces of one test.
#[derive(Debug)]
pub struct Lab {
    tag: String,
    laptop: String,
    gateways: Vec<Gateway>,
}

/// One gateway namespace as seen from the laptop.
#[derive(Debug, Clone)]
pub struct Gateway {
    /// Namespace name.
    pub namespace: String,
    /// The laptop-side interface name.
    pub laptop_if: String,
    /// Gateway IP, e.g. `10.200.0.1`.
    pub ip: String,
    /// Gateway MAC, lower case.
    pub mac: String,
    /// The laptop's address on this link, e.g. `10.200.0.2`.
    pub laptop_ip: String,
    /// Prefix length of the link.
    pub prefix: u8,
}

/// Runs `ip` with `args` and panics with its stderr if it fails.
pub fn ip(args: &[&str]) -> Output {
    let output = Command::new("ip").args(args).output().expect("run ip (package iproute2)");
    assert!(output.status.success(), "ip {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    output
}

impl Lab {
    /// Creates the laptop namespace (loopback up, no network yet). Panics with a clear message if not root.
    pub fn new(purpose: &str) -> Self {
        let n = NEXT_LAB.fetch_add(1, Ordering::SeqCst);
        let tag = format!("{}{}", std::process::id() % 100_000, n);
        let laptop = format!("lcs-{purpose}-{tag}-lap");
        let created = Command::new("ip").args(["netns", "add", &laptop]).output().expect("run ip");
        assert!(
            created.status.success(),
            "creating network namespace {laptop} failed ({}). These tests need root and iproute2; \
             run them through .ci/test.sh as root (CI does).",
            String::from_utf8_lossy(&created.stderr).trim()
        );
        ip(&["-n", &laptop, "link", "set", "lo", "up"]);
        Self { tag, laptop, gateways: Vec::new() }
    }

    /// The laptop namespace's name.
    pub fn laptop(&self) -> &str {
        &self.laptop
    }

    /// Adds a gateway namespace on subnet `subnet_prefix.0/24` (gateway `.1`, laptop `.2`) with `mac`.
    /// The laptop gets the address but no default route until `move_to`.
    pub fn add_gateway(&mut self, subnet_prefix: &str, mac: &str) -> Gateway {
        let index = self.gateways.len();
        let namespace = format!("lcs-{}-gw{index}", self.tag);
        let laptop_if = format!("lv{}g{index}", self.tag);
        let gateway_if = format!("gv{}g{index}", self.tag);
        ip(&["netns", "add", &namespace]);
        ip(&["link", "add", &laptop_if, "type", "veth", "peer", "name", &gateway_if]);
        ip(&["link", "set", &gateway_if, "netns", &namespace]);
        ip(&["link", "set", &laptop_if, "netns", &self.laptop]);
        let gateway = Gateway {
            namespace: namespace.clone(),
            laptop_if: laptop_if.clone(),
            ip: format!("{subnet_prefix}.1"),
            mac: mac.to_lowercase(),
            laptop_ip: format!("{subnet_prefix}.2"),
            prefix: 24,
        };
        ip(&["-n", &namespace, "link", "set", &gateway_if, "address", mac]);
        ip(&["-n", &namespace, "addr", "add", &format!("{}/24", gateway.ip), "dev", &gateway_if]);
        ip(&["-n", &namespace, "link", "set", &gateway_if, "up"]);
        ip(&["-n", &namespace, "link", "set", "lo", "up"]);
        ip(&["-n", &self.laptop, "addr", "add", &format!("{}/24", gateway.laptop_ip), "dev", &laptop_if]);
        ip(&["-n", &self.laptop, "link", "set", &laptop_if, "up"]);
        self.gateways.push(gateway.clone());
        gateway
    }

    /// Points the laptop's default route at `gateway` (replacing any other default route).
    pub fn move_to(&self, gateway: &Gateway) {
        ip(&["-n", &self.laptop, "route", "replace", "default", "via", &gateway.ip, "dev", &gateway.laptop_if]);
    }

    /// Pings `gateway` once from the laptop so its MAC is in the neighbour cache.
    pub fn warm_neighbour_cache(&self, gateway: &Gateway) {
        let status = self.command_in_laptop("ping").args(["-c", "1", "-W", "2", &gateway.ip]).status();
        assert!(status.expect("run ping (package iputils-ping)").success(), "gateway {} did not answer", gateway.ip);
    }

    /// A command that will run inside the laptop namespace.
    pub fn command_in_laptop(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new("ip");
        command.args(["netns", "exec", &self.laptop]).arg(program);
        command
    }
}

/// Set in a test binary re-run inside a laptop namespace.
const INSIDE_LAPTOP: &str = "LOCUS_TEST_INSIDE_LAPTOP_NAMESPACE";

/// True in the copy of a test that `rerun_inside_laptop` started inside the namespace.
pub fn inside_laptop() -> bool {
    std::env::var_os(INSIDE_LAPTOP).is_some()
}

/// Builds a lab with one gateway (`subnet_prefix`.1, `mac`) as the laptop's default route, then re-runs the
/// test `test_name` of this test binary inside the laptop namespace — where the desktop app, Xvfb and
/// tauri-driver must run so they see the lab's network — with `env` added. Panics if that run fails.
pub fn rerun_inside_laptop(purpose: &str, subnet_prefix: &str, mac: &str, test_name: &str, env: &[(&str, &str)]) {
    let mut lab = Lab::new(purpose);
    let gateway = lab.add_gateway(subnet_prefix, mac);
    lab.move_to(&gateway);
    lab.warm_neighbour_cache(&gateway);
    lab.rerun_test_inside(test_name, env);
}

impl Lab {
    /// Re-runs the test `test_name` of this test binary inside the laptop namespace with `env` added, where
    /// `inside_laptop()` is true. Panics if that run fails.
    pub fn rerun_test_inside(&self, test_name: &str, env: &[(&str, &str)]) {
        let status = self
            .command_in_laptop(std::env::current_exe().expect("test binary path"))
            .args([test_name, "--exact", "--nocapture", "--test-threads=1"])
            .env(INSIDE_LAPTOP, "1")
            .envs(env.iter().copied())
            .status()
            .expect("re-run the test inside the laptop namespace");
        assert!(status.success(), "the test inside the laptop namespace failed (its output is above)");
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        for gateway in &self.gateways {
            let _ = Command::new("ip").args(["netns", "del", &gateway.namespace]).status();
        }
        let _ = Command::new("ip").args(["netns", "del", &self.laptop]).status();
    }
}
