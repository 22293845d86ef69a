-- 001_books.sql - the importer's tables: company and chart of accounts,
-- shops (Shopify store connections) and warehouses, customers, products,
-- sales orders with lines, invoices, receipts, journal, stock, log.
-- The UNIQUE constraints are what make duplicates impossible.

CREATE TABLE company (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  auto_post INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE series (          -- document numbering per company
  company_id INTEGER NOT NULL REFERENCES company(id),
  prefix TEXT NOT NULL,        -- SO, INV, RCV, JE, C
  next_no INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (company_id, prefix)
);

CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  company_id INTEGER NOT NULL REFERENCES company(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,          -- asset, liability, income, suspense
  kind TEXT NOT NULL,          -- receivable, clearing, tax, ...
  label TEXT NOT NULL DEFAULT '', -- gateway / tax title for per-label kinds
  UNIQUE (company_id, code),
  UNIQUE (company_id, kind, label)
);

CREATE TABLE warehouse (
  id INTEGER PRIMARY KEY,
  company_id INTEGER NOT NULL REFERENCES company(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (company_id, code)
);

CREATE TABLE shop (
  id INTEGER PRIMARY KEY,
  company_id INTEGER NOT NULL REFERENCES company(id),
  name TEXT NOT NULL UNIQUE,   -- "local" or the shop domain
  warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),
  include_test INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE customer (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shop(id),
  number TEXT NOT NULL UNIQUE, -- C-000001
  name TEXT NOT NULL,
  shopify_customer_id INTEGER,
  email TEXT,
  phone TEXT,
  email_key TEXT,
  phone_key TEXT,
  guest INTEGER NOT NULL DEFAULT 0,
  UNIQUE (shop_id, shopify_customer_id)
);
CREATE INDEX customer_email ON customer(shop_id, email_key);
CREATE INDEX customer_phone ON customer(shop_id, phone_key);
CREATE UNIQUE INDEX customer_one_guest ON customer(shop_id) WHERE guest = 1;

CREATE TABLE product (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shop(id),
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  variant_title TEXT,
  shopify_variant_id INTEGER,
  identity TEXT,               -- title \x1f variant title when no variant id
  shopify_product_id INTEGER,
  sku TEXT,
  vendor TEXT,
  price INTEGER NOT NULL DEFAULT 0,  -- minor units of currency
  currency TEXT,
  stock_item INTEGER NOT NULL,
  gift_card INTEGER NOT NULL DEFAULT 0,
  shopify INTEGER NOT NULL DEFAULT 1,
  active INTEGER NOT NULL DEFAULT 1,
  picture_url TEXT,
  UNIQUE (shop_id, code),
  UNIQUE (shop_id, shopify_variant_id),
  UNIQUE (shop_id, identity),
  CHECK (shopify_variant_id IS NOT NULL OR identity IS NOT NULL)
);

CREATE TABLE sales_order (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shop(id),
  shopify_order_id INTEGER NOT NULL,
  number TEXT NOT NULL UNIQUE, -- SO-000001
  name TEXT NOT NULL,          -- #1001
  source TEXT NOT NULL,        -- Shopify #1001
  customer_id INTEGER NOT NULL REFERENCES customer(id),
  currency TEXT NOT NULL,
  exp INTEGER NOT NULL,
  order_date TEXT NOT NULL,
  created_at TEXT, processed_at TEXT, updated_at TEXT, cancelled_at TEXT,
  updated_at_unix INTEGER NOT NULL DEFAULT 0,
  updated_at_ms INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,        -- complete | cancelled
  payment_status TEXT,
  fulfillment_status TEXT,
  cancel_reason TEXT,
  gateways TEXT,
  source_name TEXT,
  tags TEXT, note TEXT, po_number TEXT,
  bill_to TEXT, ship_to TEXT, note_attributes TEXT,
  test INTEGER NOT NULL DEFAULT 0,
  taxes_included INTEGER NOT NULL DEFAULT 0,
  needs_review INTEGER NOT NULL DEFAULT 0,
  total_price INTEGER NOT NULL,
  UNIQUE (shop_id, shopify_order_id)
);

CREATE TABLE sales_order_line (
  sales_order_id INTEGER NOT NULL REFERENCES sales_order(id),
  line_no INTEGER NOT NULL,
  shopify_line_id INTEGER,
  product_id INTEGER REFERENCES product(id),
  title TEXT, variant_title TEXT, sku TEXT,
  quantity INTEGER NOT NULL,
  unit_price INTEGER NOT NULL,
  discount INTEGER NOT NULL,
  tax INTEGER NOT NULL,
  net INTEGER NOT NULL,
  stock_item INTEGER NOT NULL,
  gift_card INTEGER NOT NULL DEFAULT 0,
  tip INTEGER NOT NULL DEFAULT 0,
  properties TEXT,
  PRIMARY KEY (sales_order_id, line_no)
);

CREATE TABLE sales_order_shipping (
  sales_order_id INTEGER NOT NULL REFERENCES sales_order(id),
  line_no INTEGER NOT NULL,
  title TEXT, code TEXT,
  price INTEGER NOT NULL, discount INTEGER NOT NULL, tax INTEGER NOT NULL,
  PRIMARY KEY (sales_order_id, line_no)
);

CREATE TABLE invoice (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE, -- INV-000001
  sales_order_id INTEGER NOT NULL UNIQUE REFERENCES sales_order(id),
  customer_id INTEGER NOT NULL REFERENCES customer(id),
  status TEXT NOT NULL CHECK (status IN ('temporary','completed','void')),
  date TEXT NOT NULL, due_date TEXT,
  currency TEXT NOT NULL,
  total INTEGER NOT NULL, subtotal INTEGER NOT NULL, discounts INTEGER NOT NULL,
  shipping INTEGER NOT NULL, tax INTEGER NOT NULL, tips INTEGER NOT NULL,
  duties INTEGER NOT NULL, fees INTEGER NOT NULL,
  cash_rounding INTEGER NOT NULL, rounding INTEGER NOT NULL,
  unexplained INTEGER NOT NULL
);

CREATE TABLE receipt (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE, -- RCV-000001
  shop_id INTEGER NOT NULL REFERENCES shop(id),
  sales_order_id INTEGER NOT NULL REFERENCES sales_order(id),
  invoice_id INTEGER NOT NULL REFERENCES invoice(id),
  customer_id INTEGER NOT NULL REFERENCES customer(id),
  source_key TEXT NOT NULL,    -- txn:<id> | derived
  shopify_transaction_id INTEGER,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  gateway TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('temporary','completed','void')),
  date TEXT NOT NULL,
  UNIQUE (sales_order_id, source_key),
  UNIQUE (shop_id, shopify_transaction_id)
);

CREATE TABLE journal_entry (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE, -- JE-000001
  company_id INTEGER NOT NULL REFERENCES company(id),
  shop_id INTEGER REFERENCES shop(id),
  date TEXT NOT NULL,
  doc_type TEXT NOT NULL,      -- invoice, receipt, invoice-void, receipt-void
  doc_number TEXT NOT NULL,
  sales_order_id INTEGER REFERENCES sales_order(id),
  currency TEXT NOT NULL,
  memo TEXT,
  UNIQUE (company_id, doc_type, doc_number)
);

CREATE TABLE journal_line (
  entry_id INTEGER NOT NULL REFERENCES journal_entry(id),
  line_no INTEGER NOT NULL,
  account_id INTEGER NOT NULL REFERENCES account(id),
  debit INTEGER NOT NULL CHECK (debit >= 0),
  credit INTEGER NOT NULL CHECK (credit >= 0),
  PRIMARY KEY (entry_id, line_no)
);

CREATE TABLE reservation (
  sales_order_id INTEGER NOT NULL REFERENCES sales_order(id),
  line_no INTEGER NOT NULL,
  product_id INTEGER NOT NULL REFERENCES product(id),
  warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (sales_order_id, line_no)
);

CREATE TABLE stock_move (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES product(id),
  warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),
  quantity INTEGER NOT NULL,   -- + into, - out of the warehouse
  doc_type TEXT NOT NULL,
  doc_ref TEXT NOT NULL,
  date TEXT NOT NULL,
  UNIQUE (doc_type, doc_ref, product_id)
);

CREATE TABLE import_log (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER REFERENCES shop(id),
  shopify_order_id INTEGER,
  order_name TEXT,
  origin TEXT,
  outcome TEXT NOT NULL,       -- created updated unchanged stale rejected
  message TEXT,
  sales_order_id INTEGER REFERENCES sales_order(id),
  at TEXT NOT NULL
);
CREATE INDEX import_log_order ON import_log(shop_id, shopify_order_id);
