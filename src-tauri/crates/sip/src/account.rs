//! A SIP account as a user or IT configures it, with a field-level check of every setting.

use serde::{Deserialize, Serialize};

/// How SIP messages travel to the registrar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// UDP (port 5060 by default).
    #[default]
    Udp,
    /// TCP (port 5060 by default).
    Tcp,
    /// TLS over TCP (port 5061 by default).
    Tls,
}

impl Transport {
    fn default_port(self) -> u16 {
        match self {
            Transport::Udp | Transport::Tcp => 5060,
            Transport::Tls => 5061,
        }
    }

    fn uri_parameter(self) -> &'static str {
        match self {
            Transport::Udp => "",
            Transport::Tcp => ";transport=tcp",
            Transport::Tls => ";transport=tls",
        }
    }
}

/// One SIP account. The password is not here: it lives in the OS keychain and is passed in when needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Stable id chosen by the user or IT (`work`, `support-line`).
    pub id: String,
    /// Name shown to the people we call.
    #[serde(default)]
    pub display_name: String,
    /// User part of the address of record (`alice` in `sip:alice@pbx.example.com`).
    pub user: String,
    /// Domain of the address of record.
    pub domain: String,
    /// Registrar as `host` or `host:port`; the domain when empty.
    #[serde(default)]
    pub registrar: String,
    /// Transport to the registrar.
    #[serde(default)]
    pub transport: Transport,
    /// Outbound proxy as `host:port`, when the provider asks for one.
    #[serde(default)]
    pub outbound_proxy: String,
    /// Authentication user name when it differs from `user`.
    #[serde(default)]
    pub auth_user: String,
    /// Caller ID (the DID) presented on calls, when the provider lets us set it.
    #[serde(default)]
    pub caller_id: String,
    /// Registration lifetime asked for, in seconds (60 to 86,400; 600 by default).
    #[serde(default = "default_register_interval")]
    pub register_interval: u32,
    /// For TLS accounts: a PEM file of extra CA certificates to trust besides the OS trust store (a PBX signed
    /// by a company CA); empty for none.
    #[serde(default)]
    pub tls_ca_file: String,
}

fn default_register_interval() -> u32 {
    600
}

/// One problem with an account setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountProblem {
    /// The field (`user`, `registrar`, …).
    pub field: String,
    /// What is wrong and what would be right.
    pub message: String,
}

impl Account {
    /// Every problem with the settings, each naming its field; empty when the account can be used.
    pub fn validate(&self) -> Vec<AccountProblem> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, message: String| {
            problems.push(AccountProblem { field: field.to_owned(), message });
        };
        if self.id.is_empty() || !self.id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            problem("id", format!("\"{}\" is not a valid id (letters, digits, '-', '_' or '.')", self.id));
        }
        if self.user.is_empty() || self.user.chars().any(|c| c.is_whitespace() || matches!(c, '@' | ':' | ';')) {
            problem("user", format!("\"{}\" is not a SIP user name (no spaces, '@', ':' or ';')", self.user));
        }
        if !is_host(&self.domain) {
            problem("domain", format!("\"{}\" is not a host name or IP address", self.domain));
        }
        if !self.registrar.is_empty() && host_and_port(&self.registrar).is_none() {
            problem("registrar", format!("\"{}\" is not host or host:port", self.registrar));
        }
        if !self.outbound_proxy.is_empty() && host_and_port(&self.outbound_proxy).is_none() {
            problem("outbound_proxy", format!("\"{}\" is not host or host:port", self.outbound_proxy));
        }
        if self.auth_user.chars().any(char::is_whitespace) {
            problem("auth_user", "the authentication user cannot contain spaces".into());
        }
        if !self.caller_id.is_empty() && !self.caller_id.trim_start_matches('+').chars().all(|c| c.is_ascii_digit()) {
            problem("caller_id", format!("\"{}\" is not a phone number (digits, optional leading +)", self.caller_id));
        }
        if !self.tls_ca_file.is_empty() && !std::path::Path::new(&self.tls_ca_file).is_absolute() {
            problem("tls_ca_file", format!("\"{}\" is not a full path to a PEM file", self.tls_ca_file));
        }
        if !(60..=86_400).contains(&self.register_interval) {
            problem("register_interval", format!("{} s is out of range (60 to 86,400 s)", self.register_interval));
        }
        problems
    }

    /// The registrar's request URI (`sip:host:port;transport=…`).
    pub fn registrar_uri(&self) -> String {
        let target = if self.registrar.is_empty() { &self.domain } else { &self.registrar };
        let (host, port) = host_and_port(target).unwrap_or((target.as_str(), None));
        let port = port.unwrap_or(self.transport.default_port());
        format!("sip:{host}:{port}{}", self.transport.uri_parameter())
    }

    /// Where requests are sent: the outbound proxy if there is one, else the registrar (the domain unless
    /// given), with the transport's default port unless one is given.
    pub(crate) fn next_hop(&self) -> (String, u16) {
        let target = [&self.outbound_proxy, &self.registrar, &self.domain]
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or(&self.domain);
        let (host, port) = host_and_port(target).unwrap_or((target.as_str(), None));
        (host.to_owned(), port.unwrap_or(self.transport.default_port()))
    }

    /// The account as it would be configured for `transport` (an emergency INVITE failing over): same hosts, and a
    /// port that was only the old transport's default (`pbx:5061` on TLS) becomes the new one's default — TLS's
    /// port is not where UDP or TCP listen. Any other port (one the provider gave for every transport) stays.
    pub(crate) fn over(&self, transport: Transport) -> Account {
        let old_default = self.transport.default_port();
        let moved = |target: &str| match host_and_port(target) {
            Some((host, Some(port))) if port == old_default && port != transport.default_port() => host.to_owned(),
            _ => target.to_owned(),
        };
        Account {
            transport,
            registrar: moved(&self.registrar),
            outbound_proxy: moved(&self.outbound_proxy),
            ..self.clone()
        }
    }

    /// The address of record's domain as a request URI (`sip:domain;transport=…`): what a REGISTER names, while it
    /// travels to `next_hop`.
    pub(crate) fn domain_uri(&self) -> String {
        format!("sip:{}{}", self.domain, self.transport.uri_parameter())
    }
}

/// `host` or `host:port` (IPv6 in brackets), split.
fn host_and_port(text: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = match text.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(':') && (!host.starts_with('[') || host.ends_with(']')) => {
            (host, Some(port.parse::<u16>().ok().filter(|p| *p != 0)?))
        }
        _ => (text, None),
    };
    is_host(host).then_some((host, port))
}

fn is_host(text: &str) -> bool {
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return inner.parse::<std::net::Ipv6Addr>().is_ok();
    }
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> Account {
        Account {
            id: "work".into(),
            display_name: "Alice".into(),
            user: "alice".into(),
            domain: "pbx.example.com".into(),
            registrar: String::new(),
            transport: Transport::Udp,
            outbound_proxy: String::new(),
            auth_user: String::new(),
            caller_id: "+13125550100".into(),
            register_interval: 600,
            tls_ca_file: String::new(),
        }
    }

    #[test]
    fn a_complete_account_is_valid_and_registers_at_its_domain() {
        assert_eq!(account().validate(), vec![]);
        assert_eq!(account().registrar_uri(), "sip:pbx.example.com:5060");
        let tls = Account { transport: Transport::Tls, registrar: "10.0.0.5".into(), ..account() };
        assert_eq!(tls.registrar_uri(), "sip:10.0.0.5:5061;transport=tls");
        let tcp = Account { transport: Transport::Tcp, registrar: "127.0.0.1:5070".into(), ..account() };
        assert_eq!(tcp.registrar_uri(), "sip:127.0.0.1:5070;transport=tcp");
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = Account {
            id: "my work".into(),
            user: "alice@pbx".into(),
            domain: "".into(),
            registrar: "pbx:99999".into(),
            outbound_proxy: "proxy:".into(),
            auth_user: "a b".into(),
            caller_id: "312-555".into(),
            register_interval: 5,
            tls_ca_file: "ca.pem".into(),
            ..account()
        };
        let fields: Vec<String> = bad.validate().into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "id",
                "user",
                "domain",
                "registrar",
                "outbound_proxy",
                "auth_user",
                "caller_id",
                "tls_ca_file",
                "register_interval"
            ]
        );
    }

    #[test]
    fn failing_over_from_tls_leaves_tls_s_default_port_and_keeps_any_other() {
        let tls = Account { transport: Transport::Tls, registrar: "pbx.example.com:5061".into(), ..account() };
        assert_eq!(tls.over(Transport::Udp).next_hop(), ("pbx.example.com".into(), 5060));
        assert_eq!(tls.over(Transport::Tcp).registrar_uri(), "sip:pbx.example.com:5060;transport=tcp");
        let proxied = Account { outbound_proxy: "[2001:db8::5]:5061".into(), ..tls.clone() };
        assert_eq!(proxied.over(Transport::Udp).next_hop(), ("[2001:db8::5]".into(), 5060));
        let custom = Account { registrar: "pbx.example.com:5080".into(), ..tls.clone() };
        assert_eq!(custom.over(Transport::Udp).next_hop(), ("pbx.example.com".into(), 5080), "the provider's port");
        let udp = Account { registrar: "10.0.0.5:5060".into(), ..account() };
        assert_eq!(udp.over(Transport::Tcp).next_hop(), ("10.0.0.5".into(), 5060), "same default, kept");
        assert_eq!(tls.over(Transport::Tls), tls, "no change without a move");
    }
}
