//! The server's integration tests, one binary: the real router over SQLite (and again over
//! PostgreSQL when `BUERGERKOFFER_TEST_DATABASE_URL` is set), the binary started as an operator
//! would, and the house rules of its layout. One binary links once, not once per file.

mod support;

mod admin_commands;
mod assistance;
mod bookings;
mod catalogues;
mod crash;
mod day_lists;
mod fitconnect;
mod handover;
mod instances;
mod layout;
mod mail;
mod notice;
mod openapi;
mod operations;
mod people_and_devices;
mod record;
mod serve;
mod sign_in;
mod submissions;
mod sync;
mod terminal_filing;
mod terminals;
mod tls;
mod tours;
mod town_hall;
mod uploads;
