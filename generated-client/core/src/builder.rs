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
// The field and `into_inner` are public only for generated code in other
// crates (the shape fixtures of `tests/shapes`); they are not part of the API.
#[derive(Clone, Debug)]
pub struct Set<T>(#[doc(hidden)] pub T);

impl<T> Set<T> {
    /// Takes the value out; used by the generated `build()`.
    #[doc(hidden)]
    pub fn into_inner(self) -> T {
        self.0
    }
}
