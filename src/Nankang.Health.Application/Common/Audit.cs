using Nankang.Health.Application.Data;

namespace Nankang.Health.Application.Common;

/// <summary>Adds an audit row to the current unit of work, so the record commits (or not) with the write itself.</summary>
public static class Audit
{
    public static void Record(IHealthStore store, Caller caller, DateTime at, string action, string target, int status) =>
        store.AuditLog.Add(Row(caller, at, action, target, status));

    /// <summary>The audit row of an action, for a writer that adds its rows itself.</summary>
    public static AuditRow Row(Caller caller, DateTime at, string action, string target, int status) =>
        new()
        {
            At = at,
            KeyId = caller.KeyId,
            Role = caller.Role.ToString(),
            HospitalId = caller.HospitalId,
            Action = action,
            Target = target,
            Status = status,
        };
}
