using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nankang.Health.Persistence.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class PolicyInForce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PolicyThroughSeq",
                table: "member_year_accumulators",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PolicyVersion",
                table: "member_year_accumulators",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "policies",
                columns: table => new
                {
                    Version = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Json = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    StoredAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    StoredBy = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_policies", x => x.Version);
                });

            // A stored policy is what voids re-settle under: its text never changes.
            migrationBuilder.Sql(@"CREATE TRIGGER policies_append_only ON policies INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'policies is append-only', 1; END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS policies_append_only;");

            migrationBuilder.DropTable(
                name: "policies");

            migrationBuilder.DropColumn(
                name: "PolicyThroughSeq",
                table: "member_year_accumulators");

            migrationBuilder.DropColumn(
                name: "PolicyVersion",
                table: "member_year_accumulators");
        }
    }
}
