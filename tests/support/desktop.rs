//! The real desktop app under test: an Xvfb display, a D-Bus session, tauri-driver (which drives the app
//! through WebKitWebDriver) and a small W3C WebDriver client. Everything is stopped on drop.

use serde_json::{Value, json};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The element reference in a find-element answer. W3C names the key `element-6066-11e4-a5c3-4d1d7b5e7d1b`;
/// WebKitWebDriver answers with its own `element-6066-…` key, so take whichever `element-6066-` key is there.
fn element_id(found: &Value) -> Option<&str> {
    found["value"].as_object()?.iter().find(|(key, _)| key.starts_with("element-6066-"))?.1.as_str()
}

/// A running app inside a WebDriver session.
#[derive(Debug)]
pub struct Desktop {
    xvfb: Child,
    driver: Child,
    agent: ureq::Agent,
    base: String,
    session: String,
    pub display: String,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn require_tool(name: &str) {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|dir| dir.join(name).is_file()))
        .unwrap_or(false);
    assert!(found, "`{name}` is not installed; .ci/setup.sh --tests installs everything the desktop tests need");
}

impl Desktop {
    /// Starts Xvfb and tauri-driver, then launches `app` with `LOCUS_HOME=locus_home` in a new session.
    pub fn launch(app: &Path, locus_home: &Path) -> Self {
        Self::launch_with_bus_log(app, locus_home, None)
    }

    /// Like `launch`, and when `bus_log` is given, records every desktop-notification call on the session bus
    /// the app uses (with `dbus-monitor`) into that file.
    pub fn launch_with_bus_log(app: &Path, locus_home: &Path, bus_log: Option<&Path>) -> Self {
        let monitor = bus_log.map(|log| {
            format!("dbus-monitor --session \"interface='org.freedesktop.Notifications'\" > '{}' 2>&1 &", log.display())
        });
        Self::launch_in_session(app, locus_home, monitor.as_deref().unwrap_or(""))
    }

    /// Like `launch`, with a real notification daemon (dunst) on the app's session bus, whose address is written
    /// to `bus_address_file` so the test can drive dunst with `dunstctl` (see `notifications`).
    pub fn launch_with_notification_daemon(app: &Path, locus_home: &Path, bus_address_file: &Path) -> Self {
        require_tool("dunst");
        let setup = format!(
            "echo \"$DBUS_SESSION_BUS_ADDRESS\" > '{}'; dunst -config /dev/null > /dev/null 2>&1 &",
            bus_address_file.display()
        );
        Self::launch_in_session(app, locus_home, &setup)
    }

    /// Like `launch`, calling `before_app` with the session bus address once the D-Bus session is up and before
    /// the app starts (to put a tray host or another desktop service on the bus first); returns what it returns.
    pub fn launch_with_bus_hook<T>(app: &Path, locus_home: &Path, before_app: impl FnOnce(&str) -> T) -> (Self, T) {
        Self::launch_with_args_and_bus_hook(app, locus_home, &[], before_app)
    }

    /// `launch_with_bus_hook`, starting the app with the command-line arguments `args` (a `tel:` link, say).
    pub fn launch_with_args_and_bus_hook<T>(
        app: &Path,
        locus_home: &Path,
        args: &[&str],
        before_app: impl FnOnce(&str) -> T,
    ) -> (Self, T) {
        let address_file = locus_home.join("session-bus-address");
        let setup = format!("echo \"$DBUS_SESSION_BUS_ADDRESS\" > '{}';", address_file.display());
        let mut hooked = None;
        let desktop = Self::launch_in_session_with(app, locus_home, &setup, args, || {
            let deadline = Instant::now() + Duration::from_secs(10);
            let address = loop {
                let text = std::fs::read_to_string(&address_file).unwrap_or_default();
                if !text.trim().is_empty() {
                    break text.trim().to_owned();
                }
                assert!(Instant::now() < deadline, "the D-Bus session did not start");
                std::thread::sleep(Duration::from_millis(20));
            };
            hooked = Some(before_app(&address));
        });
        (desktop, hooked.expect("the hook ran"))
    }

    /// Starts Xvfb, then a D-Bus session running the shell commands `setup` and tauri-driver, then the app.
    fn launch_in_session(app: &Path, locus_home: &Path, setup: &str) -> Self {
        Self::launch_in_session_with(app, locus_home, setup, &[], || {})
    }

    /// `launch_in_session`, running `before_app` after the driver is up and before the app starts with `args`.
    fn launch_in_session_with(
        app: &Path,
        locus_home: &Path,
        setup: &str,
        args: &[&str],
        before_app: impl FnOnce(),
    ) -> Self {
        for tool in ["Xvfb", "tauri-driver", "WebKitWebDriver", "dbus-run-session"] {
            require_tool(tool);
        }
        let (display, xvfb) = start_xvfb();
        let port = free_port();
        let native_port = free_port();
        let script = format!("{setup} exec tauri-driver --port {port} --native-port {native_port}");
        let mut driver = Command::new("dbus-run-session");
        driver
            .args(["--", "sh", "-c", &script])
            .env("DISPLAY", &display)
            .env("LOCUS_HOME", locus_home)
            .env("GDK_BACKEND", "x11")
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .process_group(0);
        let driver = driver.spawn().expect("spawn tauri-driver");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let mut desktop = Self { xvfb, driver, agent, base, session: String::new(), display };
        desktop.wait_for_driver();
        before_app();
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": app, "args": args}}}});
        let created = desktop.post("/session", &caps);
        desktop.session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("WebDriver did not create a session: {created}"))
            .to_owned();
        desktop
    }

    fn wait_for_driver(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            // Any HTTP answer means the driver is listening.
            if self.agent.get(format!("{}/status", self.base)).call().is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("tauri-driver did not start listening on {}", self.base);
    }

    fn post(&self, path: &str, body: &Value) -> Value {
        let mut response =
            self.agent.post(format!("{}{path}", self.base)).send_json(body).expect("WebDriver request failed");
        response.body_mut().read_json().expect("WebDriver JSON")
    }

    fn get(&self, path: &str) -> Value {
        let mut response = self.agent.get(format!("{}{path}", self.base)).call().expect("WebDriver request failed");
        response.body_mut().read_json().expect("WebDriver JSON")
    }

    /// The page's `document.visibilityState`: `hidden` while the window is hidden in the tray.
    pub fn visibility(&self) -> String {
        self.execute("return document.visibilityState;").as_str().unwrap_or_default().to_owned()
    }

    /// Runs `script` (a function body) in the page and returns its result.
    pub fn execute(&self, script: &str) -> Value {
        let path = format!("/session/{}/execute/sync", self.session);
        self.post(&path, &json!({ "script": script, "args": [] }))["value"].clone()
    }

    /// The text of the first element matching `css`, once it is present and not empty (or panics after
    /// `timeout`, saying what it last saw).
    pub fn wait_for_text(&self, css: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut last = Value::Null;
        while Instant::now() < deadline {
            let found = self
                .post(&format!("/session/{}/element", self.session), &json!({"using": "css selector", "value": css}));
            if let Some(element) = element_id(&found) {
                let text = self.get(&format!("/session/{}/element/{element}/text", self.session));
                if let Some(text) = text["value"].as_str().filter(|t| !t.trim().is_empty()) {
                    return text.trim().to_owned();
                }
                last = text;
            } else {
                last = found;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("no text for `{css}` within {timeout:?}; last WebDriver answer: {last}");
    }

    /// The element reference of the first element matching `css`, if there is one now.
    pub fn find(&self, css: &str) -> Option<String> {
        let found =
            self.post(&format!("/session/{}/element", self.session), &json!({"using": "css selector", "value": css}));
        element_id(&found).map(str::to_owned)
    }

    /// Waits up to `timeout` for an element matching `css` and returns its reference.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(element) = self.find(css) {
                return element;
            }
            assert!(Instant::now() < deadline, "no element `{css}` within {timeout:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks the first element matching `css` (waiting up to 10 s for it).
    pub fn click(&self, css: &str) {
        let element = self.wait_for(css, Duration::from_secs(10));
        let answer = self.post(&format!("/session/{}/element/{element}/click", self.session), &json!({}));
        assert!(answer["value"].is_null(), "click on `{css}` failed: {answer}");
    }

    /// Types `text` into the first element matching `css` (waiting up to 10 s for it).
    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.wait_for(css, Duration::from_secs(10));
        let answer = self.post(&format!("/session/{}/element/{element}/value", self.session), &json!({"text": text}));
        assert!(answer["value"].is_null(), "typing into `{css}` failed: {answer}");
    }

    /// The value of attribute `name` of the first element matching `css`.
    pub fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let element = self.find(css)?;
        let answer = self.get(&format!("/session/{}/element/{element}/attribute/{name}", self.session));
        answer["value"].as_str().map(str::to_owned)
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes (then panics with `what`).
    pub fn wait_until(&self, what: &str, timeout: Duration, condition: impl Fn(&Self) -> bool) {
        let deadline = Instant::now() + timeout;
        while !condition(self) {
            assert!(Instant::now() < deadline, "timed out after {timeout:?} waiting until {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Saves a PNG screenshot of the whole Xvfb screen to `path` (creating its directory), with ImageMagick's
    /// `import`. (WebKitWebDriver's own screenshot command hangs under Xvfb without compositing.)
    pub fn screenshot(&self, path: &Path) -> PathBuf {
        require_tool("import");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create screenshot dir");
        }
        let status = Command::new("import")
            .args(["-window", "root"])
            .arg(path)
            .env("DISPLAY", &self.display)
            .status()
            .expect("run import (package imagemagick)");
        assert!(status.success(), "taking a screenshot of {} failed", self.display);
        path.to_path_buf()
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.agent.delete(format!("{}/session/{}", self.base, self.session)).call();
        }
        // tauri-driver runs in its own process group with WebKitWebDriver and the app: stop them all.
        let _ = Command::new("kill").args(["-TERM", "--", &format!("-{}", self.driver.id())]).status();
        std::thread::sleep(Duration::from_millis(300));
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.driver.id())]).status();
        let _ = self.driver.wait();
        stop_xvfb(&mut self.xvfb, &self.display);
    }
}

/// Stops Xvfb politely (SIGTERM lets it remove its lock file and socket), then for good, and removes whatever
/// it left behind: a stale `/tmp/.X<n>-lock` would otherwise keep that display number taken for every later run.
fn stop_xvfb(xvfb: &mut Child, display: &str) {
    let _ = Command::new("kill").args(["-TERM", &xvfb.id().to_string()]).status();
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline && matches!(xvfb.try_wait(), Ok(None)) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = xvfb.kill();
    let _ = xvfb.wait();
    let n = display.trim_start_matches(':');
    let _ = std::fs::remove_file(format!("/tmp/.X{n}-lock"));
    let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{n}"));
}

/// Starts Xvfb on the first free display number from 90 and waits for its socket.
fn start_xvfb() -> (String, Child) {
    for n in 90..190 {
        if Path::new(&format!("/tmp/.X{n}-lock")).exists() || Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
            continue;
        }
        let display = format!(":{n}");
        let mut child = Command::new("Xvfb")
            .args([display.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn Xvfb");
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let lock = PathBuf::from(format!("/tmp/.X{n}-lock"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            // Ours only when the lock names our Xvfb: another test may have taken this number a moment earlier.
            let owner = std::fs::read_to_string(&lock).ok().and_then(|pid| pid.trim().parse::<u32>().ok());
            if socket.exists() && owner == Some(child.id()) {
                return (display, child);
            }
            if let Ok(Some(_)) = child.try_wait() {
                break; // lost a race for this display number; try the next one
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("could not start Xvfb on any display from :90 to :189");
}

/// The WebKit web process drawing the window of the app that runs with `LOCUS_HOME=locus_home` (WebKit starts
/// it with the app's environment), waiting up to 30 s for it to appear.
pub fn web_process_of(locus_home: &Path) -> WebProcess {
    let wanted = format!("LOCUS_HOME={}", locus_home.display()).into_bytes();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let found = std::fs::read_dir("/proc").into_iter().flatten().flatten().find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let comm = std::fs::read_to_string(entry.path().join("comm")).ok()?;
            let environ = std::fs::read(entry.path().join("environ")).ok()?;
            let ours = environ.split(|b| *b == 0).any(|var| var == wanted.as_slice());
            (comm.trim() == "WebKitWebProces" && ours).then_some(WebProcess { pid, environ })
        });
        if let Some(process) = found {
            return process;
        }
        assert!(Instant::now() < deadline, "no WebKitWebProcess with {} appeared", locus_home.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A WebKit web process: its pid and the environment it started with.
#[derive(Debug)]
pub struct WebProcess {
    pub pid: u32,
    environ: Vec<u8>,
}

impl WebProcess {
    /// The value of environment variable `name` when the process started.
    pub fn env(&self, name: &str) -> Option<String> {
        let prefix = format!("{name}=");
        self.environ
            .split(|b| *b == 0)
            .find_map(|var| var.strip_prefix(prefix.as_bytes()))
            .map(|value| String::from_utf8_lossy(value).into_owned())
    }

    /// The names of its threads now (Linux keeps the last 15 bytes of WebKit's thread names).
    pub fn thread_names(&self) -> Vec<String> {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", self.pid)).expect("the web process's threads");
        tasks
            .flatten()
            .filter_map(|task| std::fs::read_to_string(task.path().join("comm")).ok())
            .map(|name| name.trim().to_owned())
            .collect()
    }
}

/// A `LOCUS_HOME` whose configuration starts the app hidden in the tray.
pub fn home_starting_hidden() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    std::fs::create_dir_all(home.path().join("config")).expect("config dir");
    std::fs::write(home.path().join("config/config.json"), r#"{"ui": {"start_hidden": true}}"#).expect("config");
    home
}
