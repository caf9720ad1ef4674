//! `npm run bench` (skeleton: being written).

fn main() {}
