import { ErrorList } from '../../components/error-views.tsx';
import { TextField } from '../../components/form-fields.tsx';

export function LoginPage(props: { email: string; next: string; error?: string; sso?: string | null }) {
  return (
    <section class="login card">
      <h1>Sign in</h1>
      {props.error && <ErrorList errors={[props.error]} />}
      <form method="post" action={`/login?next=${encodeURIComponent(props.next)}`}>
        <TextField id="email" name="email" label="Email" type="email" value={props.email} autocomplete="username" required />
        <TextField id="password" name="password" label="Password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      {props.sso && (
        <p class="sso">
          <a class="button secondary" href={`/login/sso?next=${encodeURIComponent(props.next)}`}>
            {props.sso}
          </a>
        </p>
      )}
    </section>
  );
}
