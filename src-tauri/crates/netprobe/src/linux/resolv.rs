//! DNS search domains from `/etc/resolv.conf` (`search` and `domain` lines; the last one wins, as in glibc).

/// The search domains, in order.
pub fn parse_search_domains(text: &str) -> Vec<String> {
    let mut domains = Vec::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("search") | Some("domain") => domains = words.map(|w| w.trim_end_matches('.').to_owned()).collect(),
            _ => {}
        }
    }
    domains
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_search_or_domain_line_wins() {
        let text = "# generated\nnameserver 10.0.0.53\ndomain old.example\nsearch corp.example.com. eng.example.com\n";
        assert_eq!(parse_search_domains(text), vec!["corp.example.com", "eng.example.com"]);
        assert!(parse_search_domains("nameserver 1.1.1.1\n").is_empty());
    }
}
