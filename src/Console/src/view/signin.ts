// The dev sign-in form (tenant + agent id).
import type { Actions } from "./actions";
import { byId } from "./dom";

export class SigninView {
  private readonly form = byId<HTMLFormElement>("signin-form");
  private readonly tenant = byId<HTMLInputElement>("signin-tenant");
  private readonly agent = byId<HTMLInputElement>("signin-agent");
  private readonly submit = byId<HTMLButtonElement>("signin-submit");
  private readonly error = byId("signin-error");

  constructor(actions: Actions) {
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      const tenant = this.tenant.value.trim();
      const agent = this.agent.value.trim();
      if (!tenant || !agent) {
        this.showError("Tenant and agent id are both needed.");
        return;
      }
      this.busy(true);
      this.showError(null);
      actions.signIn(tenant, agent).finally(() => this.busy(false));
    });
  }

  busy(on: boolean): void {
    this.submit.disabled = on;
    this.submit.textContent = on ? "Signing in…" : "Sign in";
  }

  fill(tenant: string, agent: string): void {
    this.tenant.value = tenant;
    this.agent.value = agent;
  }

  showError(text: string | null): void {
    this.error.textContent = text ?? "";
    this.error.hidden = !text;
  }

  focus(): void {
    (this.agent.value ? this.submit : this.agent).focus();
  }
}
