// The deprecated reservations/getAll (2017-04-12) is #[deprecated]: using it fails under
// deny(deprecated), and the message names its replacement, reservations/getAll/2023-06-06.
#![deny(deprecated)]
use mews_connector::reservations::ReservationsApi;

fn main() {
    let _ = ReservationsApi::get_all_2017_04_12;
}
