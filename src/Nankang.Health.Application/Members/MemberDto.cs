using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Members;

/// <summary>A category period as the contract writes it.</summary>
public sealed record CategoryPeriodDto(Category? Category, DateOnly? From, DateOnly? To);

/// <summary>The body of <c>PUT /members/{memberId}</c>.</summary>
public sealed record MemberBody(
    string? NationalId,
    string? Name,
    DateOnly? BirthDate,
    string? Sex,
    string? Township,
    string? Village,
    IReadOnlyList<CategoryPeriodDto>? Categories);

/// <summary>A member as shown to the bureau: the national ID masked (first 6 and last 4), never whole.</summary>
public sealed record MemberView(
    string MemberId,
    string NationalIdMasked,
    string Name,
    DateOnly BirthDate,
    string Sex,
    string Township,
    string Village,
    IReadOnlyList<CategoryPeriodDto> Categories);
