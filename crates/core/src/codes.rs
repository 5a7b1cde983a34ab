//! Code lists as Rust enums: a stable snake_case code per variant; labels
//! live in the locales as `<list>-<code>`.

/// Declares a code list: an enum with `ALL`, `as_str`, `parse` and `FromStr`.
///
/// The codes are taken as `tt`, not `literal`: a `literal` fragment reaches
/// derive macros wrapped in an invisible group, which utoipa does not read as
/// `rename`, so the OpenAPI document would name the variants, not the codes
/// sent on the wire.
macro_rules! code_list {

    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:tt),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub enum $name { $(#[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code; its label is the translation key `<list>-<code>`.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(field: &str, raw: &str) -> Result<Self, $crate::error::FieldError> {
                raw.trim().parse::<$name>().map_err(|()| $crate::error::FieldError::new(field, "unknown_code").with("value", raw.trim()))
            }
        }

        impl std::str::FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s).ok_or(())
            }
        }
    };
}
