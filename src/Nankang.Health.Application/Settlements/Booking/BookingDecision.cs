using System.Text.Json;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Application.Members;
using Nankang.Health.Application.Settlements.BatchStore;
using Nankang.Health.Settlement;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Application.Settlements.Booking;

/// <summary>A claim body completed from the registry: the engine's input and the policy in force.</summary>
public sealed record Intake(ClaimBody Body, HospitalRow Hospital, SettlementPolicy Policy, Claim Claim);

/// <summary>
/// The booking decision, for settle and preview alike, without I/O: from what a batch read (<see cref="BatchSnapshot"/>)
/// it answers each settlement in arrival order, exactly as one-by-one booking would, and collects the rows to write.
/// Checks in order: unknown hospital or member (400), no policy in force (422), then for a settlement its idempotency key
/// (200 replay or 409) and for a hospital's preview its member (404), the visit of another member (409), the national ID
/// (400, audited), the visit already settled (409). A preview stops before the rows: it writes nothing but that audit.
/// </summary>
public static class BookingDecision
{
    public static (Result<SettlementView>[] Answers, BatchRows Rows) Decide(
        BatchSnapshot state, IReadOnlyList<PendingSettlement> settlements, PolicySet policies, DateTime now)
    {
        var rows = new BatchRows();
        var answers = new Result<SettlementView>[settlements.Count];
        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = Decide(state, settlements[i], policies, rows, now);
        }

        return (answers, rows);
    }

    private static Result<SettlementView> Decide(BatchSnapshot state, PendingSettlement s, PolicySet policies, BatchRows rows, DateTime now)
    {
        var intake = Complete(s.Body, state.Hospitals.GetValueOrDefault(s.HospitalId), state.Members.GetValueOrDefault(s.MemberId), policies);
        if (!intake.IsSuccess)
        {
            return intake.Problem!;
        }

        if (s.IsPreview)
        {
            if (!s.Caller.IsBureau && !state.AdmittedMembers.Contains((s.Caller.HospitalId!, s.MemberId)))
            {
                return Problem.NotFound($"No member {s.MemberId} for this caller: admit the patient first.");
            }
        }
        else if (state.Booked.TryGetValue((s.HospitalId, s.Key!), out var prior))
        {
            return prior.RequestHash == s.RequestHash
                ? Result<SettlementView>.Ok(prior.View, 200)
                : Problem.Conflict("This Idempotency-Key was already used with a different body.",
                    new Dictionary<string, object?> { ["existingSettlementId"] = prior.SettlementId });
        }

        var visit = (s.HospitalId, s.VisitNo);
        state.Admissions.TryGetValue(visit, out var admission);
        if (admission is not null && admission.MemberId != s.MemberId)
        {
            return Problem.Conflict($"Visit {s.VisitNo} is registered for another member.");
        }

        if (NationalIdCheck.Check(s.NationalIdHashes, state.NationalIdLookups[s.MemberId], admission is not null) is { } idProblem)
        {
            if (NationalIdCheck.IsMismatch(idProblem))
            {
                rows.Audit.Add(NationalIdCheck.MismatchAudit(s.Caller, now, s.MemberId));
            }

            return idProblem;
        }

        if (state.Active.TryGetValue(visit, out var activeId))
        {
            return VisitAlreadySettled(activeId);
        }

        state.Accumulators.TryGetValue((s.MemberId, s.Year), out var accRow);
        if (s.IsPreview)
        {
            var preview = SettlementEngine.Settle(intake.Value!.Claim, intake.Value.Policy, AccumulatorStore.ToValue(accRow));
            return Result<SettlementView>.Ok(SettlementViews.FromResult(
                preview, intake.Value, null, SettlementStatus.Preview, null, SettlementViews.Lines(preview, intake.Value.Policy)));
        }

        if (admission is null)
        {
            admission = Admit(s, now);
            state.Admissions[visit] = admission;
            rows.Admissions.Add(admission);
        }

        var view = Book(rows, s, intake.Value!, admission, ref accRow, now);
        state.Accumulators[(s.MemberId, s.Year)] = accRow!;
        state.Booked[(s.HospitalId, s.Key!)] = new BookedKey(s.RequestHash!, view.SettlementId!, view);
        state.Active[visit] = view.SettlementId!;
        return Result<SettlementView>.Ok(view, 201);
    }

    /// <summary>
    /// Completes a checked body from the registry: the hospital, and the member's category periods (null: no such member).
    /// Unknown hospital or member → 400; no policy in force on the discharge date → 422.
    /// </summary>
    public static Result<Intake> Complete(ClaimBody body, HospitalRow? hospital, IEnumerable<CategoryPeriod>? memberPeriods, PolicySet policies)
    {
        var errors = new ValidationErrors();
        if (hospital is null)
        {
            errors.Add("hospitalId", "no such hospital.");
        }

        if (memberPeriods is null)
        {
            errors.Add("memberId", "no such member.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var discharged = body.DischargedOn!.Value;
        var policy = policies.For(discharged);
        if (policy is null)
        {
            return Problem.Unprocessable($"No policy is in force on {discharged:yyyy-MM-dd}; the first starts on {policies.FirstEffectiveDate:yyyy-MM-dd}.");
        }

        var claim = new Claim(
            CategorySets.On(memberPeriods!, discharged),
            new HospitalProfile(hospital!.Level, hospital.Region, hospital.Designated),
            discharged,
            body.Referred ?? false,
            body.InsuranceApplicable ?? true,
            [.. body.Fees!.Select(f => new FeeLine(f.Class!.Value, f.Amount!.Value, f.OverLimitAmount ?? Money.Zero, f.SelfPayRatio))]);
        return Result<Intake>.Ok(new Intake(body, hospital, policy, claim));
    }

    public static Problem VisitAlreadySettled(string settlementId) => Problem.Conflict(
        "This visit already has an active settlement; void it first to settle again.",
        new Dictionary<string, object?> { ["existingSettlementId"] = settlementId });

    private static AdmissionRow Admit(PendingSettlement s, DateTime now) => new()
    {
        Id = $"A{Guid.CreateVersion7():N}",
        HospitalId = s.HospitalId,
        VisitNo = s.VisitNo,
        MemberId = s.MemberId,
        AdmittedOn = s.Body.AdmittedOn!.Value,
        CreatedAt = now,
    };

    /// <summary>Settles on top of the member-year's accumulators and adds the settlement, its ledger entry, key and audit row.</summary>
    private static SettlementView Book(BatchRows rows, PendingSettlement s, Intake intake, AdmissionRow admission, ref AccumulatorRow? accRow, DateTime now)
    {
        var result = SettlementEngine.Settle(intake.Claim, intake.Policy, AccumulatorStore.ToValue(accRow));
        var settlementId = $"S{Guid.CreateVersion7():N}";
        var lines = SettlementViews.Lines(result, intake.Policy);
        var view = SettlementViews.FromResult(result, intake, settlementId, SettlementStatus.Settled, SettlementViews.Utc(now), lines);
        rows.Settlements.Add(Row(s.Caller, intake, result, settlementId, admission.Id, now, lines));
        rows.LedgerEntries.Add(SettlementViews.Entry(
            LedgerEntryKind.Settlement, settlementId, s.HospitalId, s.MemberId, s.Year, NetAmounts.Of(result), now, s.Caller.KeyId));
        if (accRow is null)
        {
            accRow = new AccumulatorRow { MemberId = s.MemberId, Year = s.Year };
            rows.NewAccumulators.Add(accRow);
        }
        else if (!rows.NewAccumulators.Contains(accRow))
        {
            // Read from the database (a row made earlier in this batch is inserted with its final values).
            rows.ChangedAccumulators.Add(accRow);
        }

        AccumulatorStore.Write(accRow, result.After, now);
        rows.IdempotencyKeys.Add(new IdempotencyRow
        {
            HospitalId = s.HospitalId,
            Key = s.Key!,
            RequestHash = s.RequestHash!,
            SettlementId = settlementId,
            ResponseJson = string.Empty, // the answer is the settlement row as booked: the batch store rebuilds it
            CreatedAt = now,
        });
        rows.Audit.Add(Audit.Row(s.Caller, now, "settlement.create", $"settlement:{settlementId}", 201));
        return view;
    }

    /// <summary>The settlement row as booked: the claim's captured inputs, the engine's result and the answer's lines.</summary>
    public static SettlementRow Row(Caller caller, Intake intake, in SettlementResult result, string id, string admissionId, DateTime now, IReadOnlyList<LineView> lines)
    {
        var (body, claim) = (intake.Body, intake.Claim);
        var row = new SettlementRow
        {
            Id = id,
            HospitalId = body.HospitalId!,
            VisitNo = body.VisitNo!,
            MemberId = body.MemberId!,
            AdmissionId = admissionId,
            Year = claim.Year,
            PolicyVersion = result.PolicyVersion,
            BookedAt = now,
            KeyId = caller.KeyId,
            AdmittedOn = body.AdmittedOn!.Value,
            DischargedOn = claim.DischargedOn,
            Categories = claim.Categories,
            HospitalLevel = claim.Hospital.Level,
            HospitalRegion = claim.Hospital.Region,
            HospitalDesignated = claim.Hospital.Designated,
            Referred = claim.Referred,
            InsuranceApplicable = claim.InsuranceApplicable,
            NotApplicableReason = body.NotApplicableReason,
            DiagnosesJson = JsonSerializer.Serialize(body.Diagnoses ?? [], HealthJson.Options),
            FeesJson = JsonSerializer.Serialize(ClaimIntake.Stored(body), HealthJson.Options),
            LinesJson = JsonSerializer.Serialize(lines, HealthJson.Options),
            TotalCost = result.Split.TotalCost.Fen,
            InScope = result.Split.InScope.Fen,
            PreSelfPay = result.Split.PreSelfPay.Fen,
            OutOfScope = result.Split.OutOfScope.Fen,
            OverLimit = result.Split.OverLimit.Fen,
            ReimbursementRatioBp = result.ReimbursementRatioBasisPoints,
            AccumulatorsAfterJson = JsonSerializer.Serialize(AccumulatorsView.Of(body.MemberId!, claim.Year, result.After), HealthJson.Options),
        };
        row.SetAmounts(result.Amounts);
        return row;
    }
}
