using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nankang.Health.Persistence.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AppendOnlyLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_audit_log_Action_Seq",
                table: "audit_log",
                columns: new[] { "Action", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_KeyId_Seq",
                table: "audit_log",
                columns: new[] { "KeyId", "Seq" });

            // The ledger is append-only in the database itself, not only in the application.
            migrationBuilder.Sql(@"CREATE TRIGGER settlements_append_only ON settlements INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'settlements is append-only', 1; END;");
            migrationBuilder.Sql(@"CREATE TRIGGER ledger_entries_append_only ON ledger_entries INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'ledger_entries is append-only', 1; END;");
            migrationBuilder.Sql(@"CREATE TRIGGER voids_append_only ON voids INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'voids is append-only', 1; END;");
            migrationBuilder.Sql(@"CREATE TRIGGER audit_log_append_only ON audit_log INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'audit_log is append-only', 1; END;");
            migrationBuilder.Sql(@"CREATE TRIGGER allowance_entries_append_only ON allowance_entries INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'allowance_entries is append-only', 1; END;");
            migrationBuilder.Sql(@"CREATE TRIGGER statement_lines_append_only ON statement_lines INSTEAD OF UPDATE, DELETE AS BEGIN THROW 51000, 'statement_lines is append-only', 1; END;");

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS settlements_append_only;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS ledger_entries_append_only;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS voids_append_only;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS audit_log_append_only;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS allowance_entries_append_only;");
            migrationBuilder.Sql(@"DROP TRIGGER IF EXISTS statement_lines_append_only;");

            migrationBuilder.DropIndex(
                name: "IX_audit_log_Action_Seq",
                table: "audit_log");

            migrationBuilder.DropIndex(
                name: "IX_audit_log_KeyId_Seq",
                table: "audit_log");
        }
    }
}
