//! The `text_block!` macro: a struct of prose fields, each with a documented
//! default. Used for the many "how we do X" slots of the seed templates that
//! have a sensible generic answer a project may override.

/// Declares a struct of `String` fields with defaults. The struct rejects
/// unknown keys and every field is optional; the schema shows each default.
macro_rules! text_block {
    (
        $(#[$m:meta])*
        $name:ident {
            $( $(#[$fm:meta])* $field:ident = $default:expr ),* $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $( $(#[$fm])* pub $field: String, )*
        }

        impl Default for $name {
            fn default() -> Self {
                Self { $( $field: String::from($default), )* }
            }
        }
    };
}

pub(crate) use text_block;
