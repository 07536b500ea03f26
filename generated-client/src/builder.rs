//! Typestate markers for the generated request builders.
//!
//! A builder has one type parameter per required property, [`Unset`] until
//! its setter is called and [`Set`] afterwards; `build()` exists only when
//! every parameter is [`Set`]. Leaving a property out is therefore a compile
//! error, and the generated per-property traits name the missing property.

/// A required property that has not been given yet.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unset;

/// A required property that has been given.
#[derive(Clone, Debug)]
pub struct Set<T>(pub(crate) T);

impl<T> Set<T> {
    /// Takes the value out; used by the generated `build()`.
    pub(crate) fn into_inner(self) -> T {
        self.0
    }
}
