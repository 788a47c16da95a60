export const LOGIN_CSS = `
body {
  font-family: system-ui, sans-serif;
  margin: 2rem auto;
  max-width: 56rem;
  color: #1d2433;
  background: #f6f8fb;
}

.banner {
  padding: 0.5rem 1rem;
  background: #fff4d6;
  border: 1px solid #e8c66a;
  border-radius: 6px;
}

.error {
  padding: 1rem;
  background: #fde8e8;
  border: 1px solid #e08b8b;
  border-radius: 6px;
}

.error code {
  overflow-wrap: anywhere;
}

.error li {
  margin: 0.3rem 0;
}

table {
  width: 100%;
  border-collapse: collapse;
  background: #fff;
}

th,
td {
  padding: 0.5rem;
  text-align: left;
  border-bottom: 1px solid #dde3ec;
}

button {
  padding: 0.4rem 0.9rem;
  cursor: pointer;
}

.actions {
  margin-top: 1rem;
  display: flex;
  gap: 1rem;
  align-items: center;
}

form.signup {
  max-width: 32rem;
}

.field {
  display: flex;
  flex-direction: column;
  gap: 0.25rem;
  margin-bottom: 0.9rem;
}

.field input,
.field select {
  padding: 0.4rem;
  font: inherit;
}

.step,
.hint {
  color: #55607a;
}

[hidden] {
  display: none;
}
`;
