//! Filling a form together in a call: the terminal shows the town hall the form the citizen
//! fills (`InCall::Form`, anew with each change) and takes what the town hall types into it
//! (`InCall::Fill`), only for an input the form shows (`SharedForm::may_fill`). The citizen sees
//! each entry in the field and checks it like their own before anything is sent.

use domain::assistance::{InCall, SharedForm};
use leptos::prelude::*;

/// Provided by the call's screen to the form it embeds.
#[derive(Clone, Copy)]
pub struct FormSharing {
    /// Says something to the town hall over the call's data channel.
    say: Callback<InCall>,
    /// The town hall's latest entry: input and value.
    pub filled: RwSignal<Option<(String, String)>>,
    /// The form as last shown to the town hall.
    shown: StoredValue<Option<SharedForm>>,
}

impl FormSharing {
    pub fn new(say: Callback<InCall>) -> Self {
        Self {
            say,
            filled: RwSignal::new(None),
            shown: StoredValue::new(None),
        }
    }

    /// Shows the town hall the form as it is now.
    pub fn show(self, form: SharedForm) {
        self.shown.try_set_value(Some(form.clone()));
        self.say.run(InCall::Form(form));
    }

    /// The citizen left the form.
    pub fn close(self) {
        self.filled.try_set(None);
        if self.shown.try_set_value(None).is_some() {
            self.say.run(InCall::FormClosed);
        }
    }

    /// Whether the town hall's `value` for `input` may go into the form shown.
    pub fn may_fill(self, input: &str, value: &str) -> bool {
        self.shown
            .try_with_value(|shown| shown.as_ref().is_some_and(|f| f.may_fill(input, value)))
            .unwrap_or(false)
    }
}
