-- Contested claims whose claim or denial falls on the given day, for run metadata.
SELECT claimant, claim, denier, denial
FROM contested_claims
WHERE claim_date = ? OR denial_date = ?
ORDER BY denial_date DESC, denial_id
