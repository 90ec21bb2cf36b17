// Accept or remediate (or reopen) a finding with its justification, in one step: one POST form with the
// CSRF token, one text field, a button per decision. Shown on the worklist and on the asset's page.
import { type Html, html } from '../pack/html';
import type { Principal } from '../web/principal';
import { csrfField } from './layout';

export function decisionForm(
  finding: { id: number; status: string },
  principal: Principal | null,
  back: string,
): Html {
  const field = `why-${finding.id}`;
  return html`<form class="decide" method="post" action="/findings/${finding.id}/decide">
${csrfField(principal)}<input type="hidden" name="back" value="${back}">
<label for="${field}">Justification for finding ${finding.id}</label>
<textarea id="${field}" name="why" rows="2" required maxlength="2000"></textarea>
<span class="actions">${
    finding.status === 'open'
      ? html`<button name="action" value="accept">Accept</button><button name="action" value="remediate">Remediated</button>`
      : html`<button name="action" value="reopen">Reopen</button>`
  }</span>
</form>`;
}
