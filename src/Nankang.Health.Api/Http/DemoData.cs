using Microsoft.EntityFrameworkCore;
using Nankang.Health.Application.Common;
using Nankang.Health.Application.Data;
using Nankang.Health.Settlement;

namespace Nankang.Health.Api.Http;

/// <summary>
/// The demo registry (Development only, <c>Demo:Seed</c>): the hospitals of the golden cases and a few members, one per
/// category. Loaded once, when the registry has no hospital yet.
/// </summary>
public static class DemoData
{
    public static readonly (string Id, string Name, int Level, Region Region, bool Designated)[] Hospitals =
    [
        ("H-TH-L1", "township health centre", 1, Region.InDistrict, true),
        ("H-NK-L2", "district hospital", 2, Region.InDistrict, true),
        ("H-NK-L3", "district tertiary hospital", 3, Region.InDistrict, true),
        ("H-GZ-L3", "city hospital", 3, Region.InCity, true),
        ("H-JX-L3", "provincial hospital", 3, Region.InProvince, true),
        ("H-BJ-L3", "out-of-province hospital", 3, Region.OutOfProvince, true),
        ("H-PRIV", "non-designated clinic", 1, Region.InDistrict, false),
        ("H-PRIV-GZ", "non-designated city clinic", 2, Region.InCity, false),
    ];

    public static readonly (string Id, string Name, string Birth, Category? Category)[] Members =
    [
        ("M000001", "张三", "1958-03-12", Category.RegisteredPoor),
        ("M000002", "李四", "1972-07-01", null),
        ("M000003", "王五", "1949-11-30", Category.Tekun),
        ("M000004", "赵六", "1965-05-05", Category.Dibao),
        ("M000005", "钱七", "1980-09-09", Category.Marginal),
    ];

    public static async Task SeedAsync(DbContext db, PersonalDataProtector protector, TimeProvider clock)
    {
        var hospitals = db.Set<HospitalRow>();
        if (await hospitals.AnyAsync())
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var h in Hospitals)
        {
            hospitals.Add(new HospitalRow { Id = h.Id, Name = h.Name, Level = h.Level, Region = h.Region, Designated = h.Designated, UpdatedAt = now });
        }

        for (var i = 0; i < Members.Length; i++)
        {
            var m = Members[i];
            var nationalId = DemoNationalId(m.Birth, i + 1);
            db.Set<MemberRow>().Add(new MemberRow
            {
                Id = m.Id,
                NationalIdLookup = protector.LookupHash(nationalId),
                NationalIdCipher = protector.Protect(nationalId),
                NationalIdMasked = NationalId.Mask(nationalId),
                NameCipher = protector.Protect(m.Name),
                BirthDate = DateOnly.Parse(m.Birth, System.Globalization.CultureInfo.InvariantCulture),
                Sex = i % 2 == 0 ? "M" : "F",
                Township = "蓉江街道",
                Village = "新民村",
                UpdatedAt = now,
                Categories = m.Category is { } c ? [new MemberCategoryRow { MemberId = m.Id, Category = c, From = new DateOnly(2015, 1, 1) }] : [],
            });
        }

        await db.SaveChangesAsync();
    }

    /// <summary>The demo accounts of the console (Development only), with the password <see cref="DemoPassword"/> and no forced change.</summary>
    public static readonly (string Name, string DisplayName, CallerRole Role, string? HospitalId, bool Administrator)[] Users =
    [
        ("admin", "管理员（演示）", CallerRole.Bureau, null, true),
        ("clerk", "医保局经办（演示）", CallerRole.Bureau, null, false),
        ("h-nk-l2", "区人民医院结算员（演示）", CallerRole.Hospital, "H-NK-L2", false),
    ];

    public const string DemoPassword = "nankang-demo-2020";

    /// <summary>Adds the demo accounts once, when there is no account yet.</summary>
    public static async Task SeedUsersAsync(DbContext db, TimeProvider clock)
    {
        var users = db.Set<UserRow>();
        if (await users.AnyAsync())
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var u in Users)
        {
            var row = new UserRow
            {
                UserName = u.Name, DisplayName = u.DisplayName, Role = u.Role.ToString(), HospitalId = u.HospitalId, IsAdministrator = u.Administrator,
                PasswordHash = string.Empty, SessionStamp = Application.Users.ConsoleUsers.NewSessionStamp(), CreatedAt = now, UpdatedAt = now,
            };
            row.PasswordHash = Application.Users.ConsoleUsers.Hasher.HashPassword(row, DemoPassword);
            users.Add(row);
        }

        await db.SaveChangesAsync();
    }

    /// <summary>A valid demo ID: Nankang's area code 360782, the birth date, a sequence and the GB 11643 check character.</summary>
    public static string DemoNationalId(string birth, int sequence)
    {
        var first17 = $"360782{birth.Replace("-", string.Empty, StringComparison.Ordinal)}{sequence:000}";
        return first17 + NationalId.CheckCharacter(first17);
    }
}
