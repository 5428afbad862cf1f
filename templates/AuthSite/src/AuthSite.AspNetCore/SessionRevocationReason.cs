namespace AuthSite.AspNetCore;

/// <summary>Why sessions were ended, as <see cref="AuthEvents.SessionRevoked"/> and the log report it.</summary>
public enum SessionRevocationReason
{
    /// <summary>The user signed out of this session.</summary>
    SignOut,

    /// <summary>The user ended it from another of their sessions (the session list, <c>/api/auth/sessions/revoke*</c>).</summary>
    User,

    /// <summary>An administrator ended it (e.g. <c>users revoke &lt;email&gt;</c>).</summary>
    Admin,

    /// <summary>The user's password changed.</summary>
    PasswordChanged,

    /// <summary>The user's role changed.</summary>
    RoleChanged,
}
