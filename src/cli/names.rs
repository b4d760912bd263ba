//! `copydesk names`: every person with spellings, titles, counts and files.
