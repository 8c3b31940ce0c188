//! The baseline: the structs a user of plain `reqwest` + `serde` would write for the same two
//! bodies. Same fields, each optional as the PBX may send `null`; enums as plain serde enums
//! with a catch-all, which is the cheapest tolerant decoding serde offers.

use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Serialize)]
pub struct HolidayList {
    pub count: Option<i64>,
    pub items: Option<Vec<Holiday>>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct Holiday {
    pub id: Option<String>,
    pub name: Option<String>,
    pub region: Option<String>,
    pub every_year: Option<bool>,
    pub consecutive: Option<bool>,
    pub year_start: Option<i64>,
    pub year_end: Option<i64>,
    pub month_start: Option<i64>,
    pub month_end: Option<i64>,
    pub day_start: Option<i64>,
    pub day_end: Option<i64>,
    pub hour_start: Option<i64>,
    pub hour_end: Option<i64>,
    pub minute_start: Option<i64>,
    pub minute_end: Option<i64>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct Tenant {
    pub id: Option<String>,
    pub name: Option<String>,
    pub domain: Option<String>,
    pub website: Option<String>,
    pub timezone: Option<String>,
    pub currency: Option<String>,
    pub region: Option<String>,
    pub enable_video_recording: Option<bool>,
    pub enable_audio_recording: Option<bool>,
    pub enable_dual_track_recording: Option<bool>,
    pub enable_billing: Option<bool>,
    pub enable_feature_billing: Option<bool>,
    pub enable_feature_call_statistics: Option<bool>,
    pub enable_feature_contact_center: Option<bool>,
    pub enable_feature_message_channels: Option<bool>,
    pub enable_feature_microsoft_teams: Option<bool>,
    pub enable_feature_trunks: Option<bool>,
    pub enable_feature_whats_app: Option<bool>,
    pub enable_night_mode: Option<bool>,
    pub enable_two_factor_authentication: Option<bool>,
    pub custom_options: Option<String>,
    pub max_extensions: Option<i64>,
    pub max_concurrent_calls: Option<i64>,
    pub max_ring_groups: Option<i64>,
    pub max_virtual_receptionists: Option<i64>,
    pub max_call_queues: Option<i64>,
    pub max_conference_rooms: Option<i64>,
    pub disk_quota: Option<String>,
    pub used_disk_quota: Option<String>,
    pub im_disk_quota: Option<String>,
    pub extension_im_disk_quota: Option<String>,
    pub recording_retention: Option<i64>,
    pub call_report_retention: Option<i64>,
    pub log_retention: Option<i64>,
    pub temp_file_retention: Option<i64>,
    pub office_hours: Option<OfficeHours>,
    pub outbound_caller_ids: Option<Vec<OutboundCallerId>>,
    pub e164: Option<E164Settings>,
    pub cdr_event: Option<EventWebhook>,
    pub extension_event: Option<EventWebhook>,
    pub contact_match_type: Option<ContactMatchType>,
    pub contact_match_length: Option<i64>,
    pub contact_append_type: Option<ContactAppendType>,
    pub contact_update_interval: Option<i64>,
    pub password_force_reset: Option<bool>,
    pub avatar_file_name: Option<String>,
    pub avatar_file_size: Option<i64>,
    pub avatar_file_url: Option<String>,
    pub stir_shaken_cert: Option<String>,
    pub stir_shaken_key: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct OfficeHours {
    pub monday: Option<WeekdaySchedule>,
    pub tuesday: Option<WeekdaySchedule>,
    pub wednesday: Option<WeekdaySchedule>,
    pub thursday: Option<WeekdaySchedule>,
    pub friday: Option<WeekdaySchedule>,
    pub saturday: Option<WeekdaySchedule>,
    pub sunday: Option<WeekdaySchedule>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct WeekdaySchedule {
    pub enabled: Option<bool>,
    pub ranges: Option<Vec<TimeRange>>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct TimeRange {
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct OutboundCallerId {
    pub provider_id: Option<String>,
    pub caller_id: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct E164Settings {
    pub enabled: Option<bool>,
    pub international_code: Option<String>,
    pub country: Option<String>,
    pub area_code: Option<String>,
    pub national_code: Option<String>,
    pub prefix: Option<String>,
    pub remove_special_chars: Option<bool>,
    pub remove_duplicate_countries: Option<bool>,
    pub remove_duplicate_area_codes: Option<bool>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct EventWebhook {
    pub enabled: Option<bool>,
    pub auth: Option<WebhookAuth>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub token: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ContactMatchType {
    Disable,
    MatchExactly,
    MatchLength,
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ContactAppendType {
    Disable,
    Append,
    Prepend,
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WebhookAuth {
    Disable,
    Basic,
    Digest,
    Bearer,
    #[serde(other)]
    Other,
}
