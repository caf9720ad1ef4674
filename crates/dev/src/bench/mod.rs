//! The benchmark command (skeleton: being written).
