//! A StatusNotifier tray host on the app's session bus, as a desktop panel provides one: it owns
//! `org.kde.StatusNotifierWatcher`, so the app's tray icon (libayatana-appindicator) registers with it instead of
//! falling back, and the test can read the icon the app shows — its PNG and the colour of the readiness badge.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use zbus::blocking::Connection;
use zbus::message::Header;

/// Items registered with the watcher: (bus name, object path).
type Items = Arc<Mutex<Vec<(String, String)>>>;

struct Watcher {
    items: Items,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    fn register_status_notifier_item(&self, service: &str, #[zbus(header)] header: Header<'_>) {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        // Items register either an object path (on their own connection) or a bus name.
        let item = if service.starts_with('/') {
            (sender, service.to_owned())
        } else {
            (service.to_owned(), "/StatusNotifierItem".to_owned())
        };
        self.items.lock().expect("items").push(item);
    }

    fn register_status_notifier_host(&self, _service: &str) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.items.lock().expect("items").iter().map(|(name, path)| format!("{name}{path}")).collect()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

/// The tray host; stops when dropped.
pub struct TrayHost {
    connection: Connection,
    items: Items,
}

impl TrayHost {
    /// Starts the host on the bus at `address`.
    pub fn start(address: &str) -> Self {
        let items = Items::default();
        let connection = zbus::blocking::connection::Builder::address(address)
            .expect("bus address")
            .serve_at("/StatusNotifierWatcher", Watcher { items: Arc::clone(&items) })
            .expect("serve the watcher")
            .name("org.kde.StatusNotifierWatcher")
            .expect("watcher name")
            .build()
            .expect("connect to the session bus");
        Self { connection, items }
    }

    /// The first registered item, waiting up to `timeout`.
    pub fn item(&self, timeout: Duration) -> (String, String) {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(item) = self.items.lock().expect("items").first().cloned() {
                return item;
            }
            assert!(Instant::now() < deadline, "no tray icon registered with the StatusNotifier host");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn property_value(&self, name: &str) -> zbus::zvariant::OwnedValue {
        let (service, path) = self.item(Duration::from_secs(10));
        let reply = self
            .connection
            .call_method(
                Some(service.as_str()),
                path.as_str(),
                Some("org.freedesktop.DBus.Properties"),
                "Get",
                &("org.kde.StatusNotifierItem", name),
            )
            .unwrap_or_else(|e| panic!("reading the tray item's {name}: {e}"));
        reply.body().deserialize().expect("property value")
    }

    fn property(&self, name: &str) -> String {
        String::try_from(self.property_value(name)).unwrap_or_default()
    }

    /// The icon file the tray shows now (`IconName`, inside `IconThemePath` when that is set).
    pub fn icon_file(&self) -> std::path::PathBuf {
        let name = self.property("IconName");
        let theme_path = self.property("IconThemePath");
        let path = std::path::Path::new(&name);
        if path.is_absolute() {
            return path.to_path_buf();
        }
        let dir = std::path::Path::new(&theme_path);
        [format!("{name}.png"), name.clone()]
            .into_iter()
            .map(|file| dir.join(file))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("tray icon {name:?} not found in {theme_path:?}"))
    }

    /// Every label in the tray icon's menu (read over com.canonical.dbusmenu, as a panel shows it).
    pub fn menu_labels(&self) -> Vec<String> {
        self.menu_items().into_iter().map(|(_, label)| label).collect()
    }

    /// Clicks the tray menu item labelled `label`, as a panel does when the user picks it (dbusmenu `Event`).
    pub fn click_menu_item(&self, label: &str) {
        let items = self.menu_items();
        let (id, _) = items
            .iter()
            .find(|(_, l)| l == label)
            .unwrap_or_else(|| panic!("no tray menu item {label:?} in {items:?}"));
        let (service, _) = self.item(Duration::from_secs(10));
        let menu_path =
            zbus::zvariant::OwnedObjectPath::try_from(self.property_value("Menu")).expect("menu object path");
        self.connection
            .call_method(
                Some(service.as_str()),
                menu_path.as_str(),
                Some("com.canonical.dbusmenu"),
                "Event",
                &(*id, "clicked", zbus::zvariant::Value::from(""), 0u32),
            )
            .expect("the tray menu takes the click");
    }

    /// Every (id, label) in the tray icon's menu.
    fn menu_items(&self) -> Vec<(i32, String)> {
        let (service, _) = self.item(Duration::from_secs(10));
        let menu_path =
            zbus::zvariant::OwnedObjectPath::try_from(self.property_value("Menu")).expect("menu object path");
        let reply = self
            .connection
            .call_method(
                Some(service.as_str()),
                menu_path.as_str(),
                Some("com.canonical.dbusmenu"),
                "GetLayout",
                &(0i32, -1i32, Vec::<String>::new()),
            )
            .expect("the tray menu's layout");
        type Node =
            (i32, std::collections::HashMap<String, zbus::zvariant::OwnedValue>, Vec<zbus::zvariant::OwnedValue>);
        let (_revision, (id, properties, children)): (u32, Node) = reply.body().deserialize().expect("layout");
        let mut labels: Vec<(i32, String)> = properties
            .get("label")
            .and_then(|l| String::try_from(l.clone()).ok())
            .map(|l| (id, l))
            .into_iter()
            .collect();
        for child in &children {
            collect_labels(child, &mut labels);
        }
        labels
    }

    /// The RGBA colour at the centre of the readiness badge (the dot in the icon's lower-right corner).
    pub fn badge_colour(&self) -> [u8; 4] {
        let file = std::fs::File::open(self.icon_file()).expect("tray icon file");
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("PNG header");
        let mut pixels = vec![0; reader.output_buffer_size().expect("PNG size")];
        let info = reader.next_frame(&mut pixels).expect("PNG pixels");
        let channels = info.color_type.samples();
        let (width, height) = (info.width as usize, info.height as usize);
        let radius = width.min(height) as f32 / 4.0;
        let (x, y) = ((width as f32 - radius - 1.0) as usize, (height as f32 - radius - 1.0) as usize);
        let at = (y * width + x) * channels;
        let pixel = &pixels[at..at + channels];
        [pixel[0], pixel[1], pixel[2], if channels == 4 { pixel[3] } else { 255 }]
    }
}

/// Walks a dbusmenu layout node `(id, properties, children)` collecting every `(id, label)`.
fn collect_labels(node: &zbus::zvariant::Value<'_>, labels: &mut Vec<(i32, String)>) {
    use zbus::zvariant::Value;
    let node = match node {
        Value::Value(inner) => inner.as_ref(),
        other => other,
    };
    let Value::Structure(structure) = node else { return };
    let fields = structure.fields();
    if let (Some(Value::I32(id)), Some(Value::Dict(properties))) = (fields.first(), fields.get(1))
        && let Ok(Some(label)) = properties.get::<&str, String>(&"label")
    {
        labels.push((*id, label));
    }
    if let Some(Value::Array(children)) = fields.get(2) {
        for child in children.iter() {
            collect_labels(child, labels);
        }
    }
}
