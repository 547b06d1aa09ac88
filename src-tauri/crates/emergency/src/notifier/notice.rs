//! The Kari's Law notice: that a 911 call was made, by whom, the callback number, the location sent, when, from
//! which machine, and the call id. One value renders the webhook JSON, the email text and the desktop lines, so
//! every channel says the same thing. Pure: the time comes in as an argument.

use locus_location::civic::CivicAddress;
use locus_location::matcher::HowObtained;
use serde::Serialize;
use serde_json::json;
use time::OffsetDateTime;

use crate::pidf_lo::rfc3339_utc;
use crate::plan::ConveyedBy;

/// The version of the webhook JSON.
pub const NOTICE_VERSION: u32 = 1;

/// The location the PSAP was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeLocation {
    /// The civic address.
    pub address: CivicAddress,
    /// How this machine came to know it (wiremap, user confirmed, user entered); `None` when the PSAP gets an
    /// address this machine did not obtain (the carrier's record of a callback DID registered elsewhere).
    pub how_obtained: Option<HowObtained>,
    /// How it reached the PSAP (in the INVITE, or the carrier's record for the callback DID).
    pub conveyed_by: ConveyedBy,
}

/// One emergency call, as every notification channel reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmergencyNotice {
    /// The number dialed, as recognised (`911`, `9911`, `933`, …).
    pub dialed: String,
    /// The call's id (the SIP Call-ID or the core's own id).
    pub call_id: String,
    /// Who called (the user's display name).
    pub caller_name: String,
    /// The callback number sent in From and P-Asserted-Identity.
    pub callback_did: String,
    /// The location sent, or `None` when none was known (the call still went out).
    pub location: Option<NoticeLocation>,
    /// When the INVITE left (or, for a call that could not be placed, when that was known).
    pub at: OffsetDateTime,
    /// This machine's name.
    pub machine: String,
    /// Why the call could not be placed (no INVITE left this machine); `None` when it went out. Someone dialed
    /// 911 either way, so the security desk hears about it either way — all the more when the call failed.
    pub not_placed: Option<String>,
}

impl EmergencyNotice {
    /// The location on one line, or a plain statement that none was sent.
    pub fn location_line(&self) -> String {
        match &self.location {
            Some(location) => location.address.one_line(),
            None => "no location was known; the caller must tell the dispatcher".to_owned(),
        }
    }

    /// The time as RFC 3339 in UTC.
    pub fn time_rfc3339(&self) -> String {
        rfc3339_utc(self.at)
    }

    /// The webhook body (JSON, version [`NOTICE_VERSION`]).
    pub fn to_json(&self) -> String {
        let location = self.location.as_ref().map(|l| {
            json!({
                "civic": l.address.one_line(),
                "address": l.address,
                "how_obtained": l.how_obtained,
                "conveyed_by": l.conveyed_by,
            })
        });
        json!({
            "version": NOTICE_VERSION,
            "event": "emergency_call",
            "dialed": self.dialed,
            "call_id": self.call_id,
            "caller_name": self.caller_name,
            "callback_number": self.callback_did,
            "location": location,
            "time": self.time_rfc3339(),
            "machine": self.machine,
            "placed": self.not_placed.is_none(),
            "not_placed_reason": self.not_placed,
        })
        .to_string()
    }

    /// The email subject.
    pub fn email_subject(&self) -> String {
        let failed = if self.not_placed.is_some() { " (NOT PLACED)" } else { "" };
        format!("{} call from {} on {}{failed}", self.dialed, self.caller_name, self.machine)
    }

    /// The email body, plain text.
    pub fn to_email_text(&self) -> String {
        let mut text = format!(
            "An emergency call to {dialed} was made from Locus.\n\n\
             Caller:          {name}\n\
             Callback number: {did}\n\
             Location sent:   {location}\n",
            dialed = self.dialed,
            name = self.caller_name,
            did = self.callback_did,
            location = self.location_line(),
        );
        if let Some(location) = &self.location {
            text.push_str(&format!(
                "How obtained:    {}\nConveyed:        {}\n",
                location.how_obtained.map_or("not by this machine (the carrier's record)", how_obtained_text),
                conveyed_text(location.conveyed_by)
            ));
        }
        text.push_str(&format!(
            "Time:            {}\nMachine:         {}\nCall id:         {}\n",
            self.time_rfc3339(),
            self.machine,
            self.call_id
        ));
        if let Some(reason) = &self.not_placed {
            text.push_str(&format!(
                "NOT PLACED:      {reason}\n                 The caller may still need help at the location above.\n"
            ));
        }
        text
    }

    /// The desktop notification's title.
    pub fn desktop_title(&self) -> String {
        match self.not_placed {
            None => format!("Emergency call to {} placed", self.dialed),
            Some(_) => format!("Emergency call to {} could not be placed", self.dialed),
        }
    }

    /// The desktop notification's body.
    pub fn desktop_body(&self) -> String {
        match &self.not_placed {
            None => format!("Callback number: {} · Location sent: {}", self.callback_did, self.location_line()),
            Some(reason) => format!("{reason}. Use another phone for 911."),
        }
    }
}

fn how_obtained_text(how: HowObtained) -> &'static str {
    match how {
        HowObtained::Wiremap => "wiremap (IT map)",
        HowObtained::UserConfirmed => "confirmed by the user",
        HowObtained::UserEntered => "entered by the user",
    }
}

fn conveyed_text(by: ConveyedBy) -> &'static str {
    match by {
        ConveyedBy::ByValue => "in the call (PIDF-LO)",
        ConveyedBy::CarrierRecord => "carrier E911 record of the callback number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn notice() -> EmergencyNotice {
        EmergencyNotice {
            dialed: "911".into(),
            call_id: "c-1".into(),
            caller_name: "Dana Reyes".into(),
            callback_did: "3125550177".into(),
            location: Some(NoticeLocation {
                address: CivicAddress {
                    country: "US".into(),
                    a1: "IL".into(),
                    a3: "Chicago".into(),
                    hno: "233".into(),
                    rd: "Wacker".into(),
                    flr: "12".into(),
                    pc: "60606".into(),
                    ..CivicAddress::default()
                },
                how_obtained: Some(HowObtained::Wiremap),
                conveyed_by: ConveyedBy::ByValue,
            }),
            at: datetime!(2025-03-01 12:00:05 -6),
            machine: "dana-laptop".into(),
            not_placed: None,
        }
    }

    #[test]
    fn json_carries_every_field() {
        let value: serde_json::Value = serde_json::from_str(&notice().to_json()).expect("json");
        assert_eq!(value["callback_number"], "3125550177");
        assert_eq!(value["time"], "2025-03-01T18:00:05Z");
        assert_eq!(value["location"]["how_obtained"], "wiremap");
        assert_eq!(value["location"]["address"]["flr"], "12");
        assert_eq!(value["location"]["civic"], "233 Wacker, Floor 12, Chicago, IL 60606, US");
        assert_eq!(value["machine"], "dana-laptop");
        assert_eq!(value["call_id"], "c-1");
        assert_eq!((value["placed"].as_bool(), value["not_placed_reason"].is_null()), (Some(true), true));
    }

    #[test]
    fn a_call_that_could_not_be_placed_says_so_on_every_channel() {
        let reason = "the carrier's server could not be reached";
        let failed = EmergencyNotice { not_placed: Some(reason.into()), call_id: String::new(), ..notice() };
        let value: serde_json::Value = serde_json::from_str(&failed.to_json()).expect("json");
        assert_eq!((value["placed"].as_bool(), value["not_placed_reason"].as_str()), (Some(false), Some(reason)));
        assert!(failed.email_subject().ends_with("(NOT PLACED)"), "{}", failed.email_subject());
        let text = failed.to_email_text();
        assert!(text.contains(&format!("NOT PLACED:      {reason}")) && text.contains("233 Wacker"), "{text}");
        assert_eq!(failed.desktop_title(), "Emergency call to 911 could not be placed");
        assert!(failed.desktop_body().contains(reason) && failed.desktop_body().contains("another phone"));
        assert!(!notice().to_email_text().contains("NOT PLACED"), "a placed call says nothing of the kind");
    }

    #[test]
    fn email_text_and_desktop_lines_name_the_did_and_address() {
        let notice = notice();
        for text in [notice.to_email_text(), notice.desktop_body()] {
            assert!(text.contains("3125550177") && text.contains("233 Wacker"), "{text}");
        }
        let unknown = EmergencyNotice { location: None, ..notice };
        assert!(unknown.to_email_text().contains("no location was known"));
        let value: serde_json::Value = serde_json::from_str(&unknown.to_json()).expect("json");
        assert!(value["location"].is_null());
    }

    #[test]
    fn a_carrier_record_this_machine_did_not_obtain_says_so() {
        let mut notice = notice();
        if let Some(location) = notice.location.as_mut() {
            location.how_obtained = None;
            location.conveyed_by = ConveyedBy::CarrierRecord;
        }
        let value: serde_json::Value = serde_json::from_str(&notice.to_json()).expect("json");
        assert!(value["location"]["how_obtained"].is_null());
        assert_eq!(value["location"]["conveyed_by"], "carrier_record");
        assert!(notice.to_email_text().contains("not by this machine"), "{}", notice.to_email_text());
    }
}
