//! Calibration: from the evidence behind an entry's score to the
//! probability that the entry is the right answer, with a logistic model
//! fitted on the development set (`examples/calibrate.rs`). The thresholds
//! compare against this probability, not against the raw score.

/// How many numbers [`Evidence::to_array`] gives.
pub const EVIDENCE: usize = 9;

/// What an entry's confidence is computed from, each in [0, 1] unless said.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Evidence {
    /// The blended coverage score that ranks entries.
    pub score: f32,
    /// The score minus the best other entry's (may be negative).
    pub margin: f32,
    /// The share of the question's weight that all the entry's words match.
    pub union: f32,
    /// The best phrasing's coverage of the question.
    pub question: f32,
    /// The best phrasing's share that the question matches.
    pub phrasing: f32,
    /// The share of the question's weight that no word of the knowledge base matches.
    pub unknown: f32,
    /// 1 when the question type fits the entry, -1 when it contradicts it, 0 without a specific type.
    pub qtype_fit: f32,
    /// The weight of the rarest word matched, relative to a word found in one entry.
    pub rarest: f32,
    /// The share of the question's weight in names of things outside the
    /// article (the lexicon's `offtopic`).
    pub offtopic: f32,
}

impl Evidence {
    /// The evidence as a vector, in field order.
    pub fn to_array(&self) -> [f32; EVIDENCE] {
        [
            self.score,
            self.margin,
            self.union,
            self.question,
            self.phrasing,
            self.unknown,
            self.qtype_fit,
            self.rarest,
            self.offtopic,
        ]
    }
}

/// A logistic model from [`Evidence`] to the probability that the entry is
/// the right answer: `1 / (1 + e^-(bias + Σ weight·evidence))`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// The intercept.
    pub bias: f32,
    /// One weight per field of [`Evidence::to_array`].
    pub weights: [f32; EVIDENCE],
}

impl Calibration {
    /// The calibrated confidence in [0, 1].
    ///
    /// ```
    /// use jawab::matcher::{Calibration, Evidence};
    /// let c = Calibration { bias: 0.0, weights: [0.0; jawab::matcher::EVIDENCE] };
    /// assert_eq!(c.confidence(&Evidence::default()), 0.5);
    /// ```
    pub fn confidence(&self, e: &Evidence) -> f32 {
        let z: f32 = self.bias + self.weights.iter().zip(e.to_array()).map(|(w, x)| w * x).sum::<f32>();
        let p = 1.0 / (1.0 + (-z).exp());
        if p.is_finite() { p.clamp(0.0, 1.0) } else { 0.0 }
    }
}

impl Default for Calibration {
    /// Fitted on the development set by `examples/calibrate.rs`.
    fn default() -> Self {
        CALIBRATION
    }
}

/// The default calibration (see [`Calibration::default`]).
const CALIBRATION: Calibration = Calibration {
    bias: -3.2935195,
    weights: [4.843571, 10.080177, -0.69079256, -0.73526543, 3.253172, -5.899015, -0.14008309, 0.38623223, -6.6655474],
};
