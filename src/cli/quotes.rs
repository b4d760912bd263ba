//! `copydesk quotes`: every quote with its kind, speaker and cue.
