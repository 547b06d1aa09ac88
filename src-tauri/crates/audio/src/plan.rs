//! The device-switch decisions, one direction at a time: given what runs now, where the saved choice resolves in
//! the current device list, the system default, and whether the stream just failed, keep going or switch — and
//! why. Pure: the audio thread gathers the facts and carries the plan out.

use crate::device::AudioDevice;
use crate::event::{ActiveDevice, SwitchReason};
use crate::settings::{DefaultReason, Resolution};

/// The facts for one direction at one check.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Situation<'a> {
    /// The device running now, if any.
    pub(crate) active: Option<&'a ActiveDevice>,
    /// The saved choice looked up in the current device list.
    pub(crate) resolution: &'a Resolution,
    /// The system default's id now.
    pub(crate) default_id: Option<&'a str>,
    /// The running stream's error, when it failed.
    pub(crate) fault: Option<&'a str>,
    /// The chosen device failed to open a moment ago: leave it be until it is unplugged and back, or a while
    /// has passed (so a broken device does not interrupt the default every check).
    pub(crate) chosen_on_hold: bool,
}

/// Where to send audio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// The chosen device.
    Chosen(AudioDevice),
    /// The system default.
    Default,
}

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Nothing: the right device runs.
    Keep,
    /// Close the running stream (reporting it lost, with this reason, when `lost` is set) and open `target`.
    Switch { target: Target, reason: SwitchReason, lost: Option<String> },
}

/// The decision for one direction.
pub(crate) fn plan(situation: &Situation<'_>) -> Plan {
    let available = match situation.resolution {
        Resolution::Chosen(device) if !situation.chosen_on_hold => Some(device),
        _ => None,
    };
    let preferred = || available.map_or(Target::Default, |device| Target::Chosen(device.clone()));
    let Some(active) = situation.active else {
        return Plan::Switch { target: preferred(), reason: SwitchReason::Recovered, lost: None };
    };
    if let Some(fault) = situation.fault {
        let target = preferred();
        let reason = match (&target, active.is_chosen) {
            (Target::Chosen(device), true) if device.id == active.id => SwitchReason::Reopened,
            (Target::Chosen(_), true) => SwitchReason::NewChoice,
            (Target::Chosen(_), false) => SwitchReason::ChosenBack,
            (Target::Default, true) => SwitchReason::Fallback,
            (Target::Default, false) => SwitchReason::Reopened,
        };
        return Plan::Switch { target, reason, lost: Some(fault.to_owned()) };
    }
    match (active.is_chosen, situation.resolution) {
        (true, Resolution::Chosen(device)) if device.id == active.id => Plan::Keep,
        (true, Resolution::Chosen(device)) => {
            Plan::Switch { target: Target::Chosen(device.clone()), reason: SwitchReason::NewChoice, lost: None }
        }
        (true, Resolution::Default(DefaultReason::NotFound { .. })) => Plan::Switch {
            target: Target::Default,
            reason: SwitchReason::Fallback,
            lost: Some("the device is no longer listed".to_owned()),
        },
        (true, Resolution::Default(DefaultReason::NotChosen)) => {
            Plan::Switch { target: Target::Default, reason: SwitchReason::NewChoice, lost: None }
        }
        (false, Resolution::Chosen(device)) if available.is_some() => {
            Plan::Switch { target: Target::Chosen(device.clone()), reason: SwitchReason::ChosenBack, lost: None }
        }
        (false, _) if situation.default_id.is_some_and(|id| id != active.id) => {
            Plan::Switch { target: Target::Default, reason: SwitchReason::DefaultChanged, lost: None }
        }
        (false, _) => Plan::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::Direction;

    fn headset() -> AudioDevice {
        AudioDevice {
            id: "alsa:headset".into(),
            name: "Headset".into(),
            direction: Direction::Output,
            is_default: false,
        }
    }

    fn running(id: &str, is_chosen: bool) -> ActiveDevice {
        ActiveDevice { id: id.into(), name: id.into(), is_chosen }
    }

    fn situation<'a>(active: Option<&'a ActiveDevice>, resolution: &'a Resolution) -> Situation<'a> {
        Situation { active, resolution, default_id: Some("alsa:default"), fault: None, chosen_on_hold: false }
    }

    fn missing() -> Resolution {
        Resolution::Default(DefaultReason::NotFound { wanted: "alsa:headset".into() })
    }

    #[test]
    fn the_chosen_device_running_and_listed_is_kept() {
        let (active, chosen) = (running("alsa:headset", true), Resolution::Chosen(headset()));
        assert_eq!(plan(&situation(Some(&active), &chosen)), Plan::Keep);
    }

    #[test]
    fn the_default_running_with_nothing_chosen_is_kept() {
        let (active, none) = (running("alsa:default", false), Resolution::Default(DefaultReason::NotChosen));
        assert_eq!(plan(&situation(Some(&active), &none)), Plan::Keep);
    }

    #[test]
    fn a_chosen_device_no_longer_listed_is_lost_and_the_default_takes_over() {
        let active = running("alsa:headset", true);
        let plan = plan(&situation(Some(&active), &missing()));
        assert_eq!(
            plan,
            Plan::Switch {
                target: Target::Default,
                reason: SwitchReason::Fallback,
                lost: Some("the device is no longer listed".into())
            }
        );
    }

    #[test]
    fn a_failed_chosen_stream_still_listed_is_reopened_and_reported() {
        let (active, chosen) = (running("alsa:headset", true), Resolution::Chosen(headset()));
        let failed = Situation { fault: Some("device gone"), ..situation(Some(&active), &chosen) };
        assert_eq!(
            plan(&failed),
            Plan::Switch {
                target: Target::Chosen(headset()),
                reason: SwitchReason::Reopened,
                lost: Some("device gone".into())
            }
        );
    }

    #[test]
    fn a_failed_chosen_stream_that_is_also_unlisted_falls_back() {
        let active = running("alsa:headset", true);
        let missing = missing();
        let failed = Situation { fault: Some("unplugged"), ..situation(Some(&active), &missing) };
        assert_eq!(
            plan(&failed),
            Plan::Switch { target: Target::Default, reason: SwitchReason::Fallback, lost: Some("unplugged".into()) }
        );
    }

    #[test]
    fn the_chosen_device_coming_back_takes_over_from_the_default() {
        let (active, chosen) = (running("alsa:default", false), Resolution::Chosen(headset()));
        assert_eq!(
            plan(&situation(Some(&active), &chosen)),
            Plan::Switch { target: Target::Chosen(headset()), reason: SwitchReason::ChosenBack, lost: None }
        );
    }

    #[test]
    fn a_chosen_device_on_hold_is_left_alone() {
        let (active, chosen) = (running("alsa:default", false), Resolution::Chosen(headset()));
        let on_hold = Situation { chosen_on_hold: true, ..situation(Some(&active), &chosen) };
        assert_eq!(plan(&on_hold), Plan::Keep);
        let failed = Situation { fault: Some("xrun storm"), ..on_hold };
        assert_eq!(
            plan(&failed),
            Plan::Switch { target: Target::Default, reason: SwitchReason::Reopened, lost: Some("xrun storm".into()) },
            "a failing default is reopened, not swapped for the held device"
        );
    }

    #[test]
    fn following_the_default_means_following_its_changes() {
        let (active, none) =
            (running("coreaudio:BuiltInSpeaker", false), Resolution::Default(DefaultReason::NotChosen));
        let moved = Situation { default_id: Some("coreaudio:USBHeadset"), ..situation(Some(&active), &none) };
        assert_eq!(
            plan(&moved),
            Plan::Switch { target: Target::Default, reason: SwitchReason::DefaultChanged, lost: None }
        );
    }

    #[test]
    fn a_new_choice_during_the_call_is_followed() {
        let (active, none) = (running("alsa:headset", true), Resolution::Default(DefaultReason::NotChosen));
        assert_eq!(
            plan(&situation(Some(&active), &none)),
            Plan::Switch { target: Target::Default, reason: SwitchReason::NewChoice, lost: None }
        );
        let other = AudioDevice { id: "alsa:speakers".into(), ..headset() };
        let (active, chosen) = (running("alsa:headset", true), Resolution::Chosen(other.clone()));
        assert_eq!(
            plan(&situation(Some(&active), &chosen)),
            Plan::Switch { target: Target::Chosen(other), reason: SwitchReason::NewChoice, lost: None }
        );
    }

    #[test]
    fn with_nothing_running_the_best_available_device_is_tried() {
        let chosen = Resolution::Chosen(headset());
        assert_eq!(
            plan(&situation(None, &chosen)),
            Plan::Switch { target: Target::Chosen(headset()), reason: SwitchReason::Recovered, lost: None }
        );
        assert_eq!(
            plan(&situation(None, &missing())),
            Plan::Switch { target: Target::Default, reason: SwitchReason::Recovered, lost: None }
        );
    }
}
